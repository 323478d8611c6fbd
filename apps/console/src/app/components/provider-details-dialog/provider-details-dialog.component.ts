import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { ProviderHealthView, ProviderModelsView, ProviderTestResult, ProviderView } from '@gateway/contracts';
import { ProvidersApiService } from '../../api/providers-api.service';
import { errorText } from '../../core/api-error';
import { NotifyService } from '../../core/notify.service';
import { WhenPipe } from '../../format';

/** A provider's health history, live test and discovered upstream models. */
@Component({
  selector: 'gw-provider-details-dialog',
  imports: [MatButtonModule, MatDialogModule, MatProgressBarModule, WhenPipe],
  templateUrl: './provider-details-dialog.component.html',
  styleUrl: './provider-details-dialog.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProviderDetailsDialogComponent {
  private readonly providersApi = inject(ProvidersApiService);
  private readonly notify = inject(NotifyService);
  protected readonly provider = inject<ProviderView>(MAT_DIALOG_DATA);
  protected readonly health = signal<ProviderHealthView | null>(null);
  protected readonly healthError = signal('');
  protected readonly models = signal<ProviderModelsView | null>(null);
  protected readonly modelsError = signal('');
  protected readonly modelsLoading = signal(true);
  protected readonly testing = signal(false);
  protected readonly testResult = signal<ProviderTestResult | null>(null);
  protected readonly checking = signal(false);

  constructor() {
    this.providersApi.health(this.provider.id).subscribe({
      next: (health) => this.health.set(health),
      error: (err: unknown) => this.healthError.set(errorText(err)),
    });
    this.loadModels(false);
  }

  /** Probes the provider now and shows the refreshed status and history. */
  protected checkHealth(): void {
    this.checking.set(true);
    this.providersApi.checkHealth(this.provider.id).subscribe({
      next: (health) => {
        this.checking.set(false);
        this.healthError.set('');
        this.health.set(health);
        const text = `Provider "${this.provider.name}" is ${health.status}`;
        if (health.status === 'up') this.notify.ok(text);
        else this.notify.warn(health.latest?.error ? `${text}: ${health.latest.error}` : text);
      },
      error: (err: unknown) => {
        this.checking.set(false);
        this.notify.fail(err, 'Could not check health');
      },
    });
  }

  protected loadModels(refresh: boolean): void {
    this.modelsLoading.set(true);
    this.modelsError.set('');
    const id = this.provider.id;
    (refresh ? this.providersApi.refreshModels(id) : this.providersApi.models(id)).subscribe({
      next: (models) => {
        this.models.set(models);
        this.modelsLoading.set(false);
        if (refresh) this.notify.ok(`Found ${models.models.length} models`);
      },
      error: (err: unknown) => {
        this.modelsLoading.set(false);
        this.modelsError.set(errorText(err));
      },
    });
  }

  protected test(): void {
    this.testing.set(true);
    this.providersApi.test(this.provider.id).subscribe({
      next: (result) => {
        this.testing.set(false);
        this.testResult.set(result);
      },
      error: (err: unknown) => {
        this.testing.set(false);
        this.testResult.set({ ok: false, latencyMs: 0, error: errorText(err) });
      },
    });
  }
}
