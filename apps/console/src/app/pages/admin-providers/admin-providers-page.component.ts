import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import type { ProviderView } from '@gateway/contracts';
import { filter, switchMap } from 'rxjs';
import { ProvidersApiService } from '../../api/providers-api.service';
import { ConfirmDialogComponent, ConfirmDialogData } from '../../components/confirm-dialog/confirm-dialog.component';
import { IconComponent } from '../../components/icon/icon.component';
import { ProviderDetailsDialogComponent } from '../../components/provider-details-dialog/provider-details-dialog.component';
import { ProviderFormDialogComponent } from '../../components/provider-form-dialog/provider-form-dialog.component';
import { RowAction } from '../../components/row-actions/row-action';
import { RowActionsComponent } from '../../components/row-actions/row-actions.component';
import { TableWrapDirective } from '../../components/table-wrap/table-wrap.directive';
import { NotifyService } from '../../core/notify.service';

@Component({
  selector: 'gw-admin-providers-page',
  imports: [IconComponent, MatButtonModule, MatProgressBarModule, MatTableModule, RowActionsComponent, TableWrapDirective],
  templateUrl: './admin-providers-page.component.html',
  styleUrl: './admin-providers-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminProvidersPageComponent {
  private readonly providersApi = inject(ProvidersApiService);
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(NotifyService);
  protected readonly loading = signal(true);
  protected readonly providers = signal<ProviderView[]>([]);
  protected readonly columns = ['name', 'type', 'baseUrl', 'apiKey', 'enabled', 'health', 'actions'];
  /** Providers whose health check is running. */
  protected readonly checking = signal<ReadonlySet<string>>(new Set());

  constructor() {
    this.load();
  }

  protected actionsFor(p: ProviderView): RowAction[] {
    return [
      {
        label: 'Check health now',
        ariaLabel: `Check health of ${p.name} now`,
        icon: 'health',
        class: 'check-health',
        disabled: !p.enabled || this.checking().has(p.id),
        hint: p.enabled ? 'Check health now' : 'Disabled providers are not probed',
        run: () => this.checkHealth(p),
      },
      { label: 'Health, test, models', ariaLabel: `Health, test and models of ${p.name}`, icon: 'info', run: () => this.details(p) },
      { label: 'Edit', ariaLabel: `Edit ${p.name}`, icon: 'edit', run: () => this.edit(p) },
      { label: 'Delete', ariaLabel: `Delete ${p.name}`, icon: 'delete', danger: true, run: () => this.remove(p) },
    ];
  }

  protected load(): void {
    this.loading.set(true);
    this.providersApi.list().subscribe({
      next: (providers) => {
        this.providers.set(providers);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.notify.fail(err, 'Could not load providers');
      },
    });
  }

  protected edit(provider: ProviderView | null): void {
    this.dialog
      .open<ProviderFormDialogComponent, ProviderView | null, ProviderView>(ProviderFormDialogComponent, {
        data: provider,
        width: '600px',
        maxWidth: '95vw',
      })
      .afterClosed()
      .pipe(filter((saved): saved is ProviderView => !!saved))
      .subscribe((saved) => {
        this.notify.ok(provider ? `Provider "${saved.name}" saved` : `Provider "${saved.name}" added`);
        this.load();
      });
  }

  protected details(provider: ProviderView): void {
    this.dialog
      .open(ProviderDetailsDialogComponent, { data: provider, width: '640px', maxWidth: '95vw' })
      .afterClosed()
      // A health check from the dialog may have changed the badge.
      .subscribe(() => this.load());
  }

  /** Probes this provider now, then shows the health it recorded. */
  protected checkHealth(provider: ProviderView): void {
    const mark = (on: boolean) =>
      this.checking.update((ids) => {
        const next = new Set(ids);
        if (on) next.add(provider.id);
        else next.delete(provider.id);
        return next;
      });
    mark(true);
    this.providersApi.checkHealth(provider.id).subscribe({
      next: (health) => {
        mark(false);
        this.providers.update((list) => list.map((p) => (p.id === provider.id ? { ...p, health: health.status } : p)));
        const error = health.latest?.error ? `: ${health.latest.error}` : '';
        if (health.status === 'up') this.notify.ok(`Provider "${provider.name}" is up`);
        else this.notify.warn(`Provider "${provider.name}" is ${health.status}${error}`);
      },
      error: (err: unknown) => {
        mark(false);
        this.notify.fail(err, `Could not check "${provider.name}"`);
      },
    });
  }

  protected remove(provider: ProviderView): void {
    const data: ConfirmDialogData = {
      title: 'Delete this provider?',
      message: `Models routed to "${provider.name}" lose this target. This cannot be undone.`,
      confirm: 'Delete provider',
    };
    this.dialog
      .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, { data })
      .afterClosed()
      .pipe(
        filter(Boolean),
        switchMap(() => this.providersApi.remove(provider.id)),
      )
      .subscribe({
        next: () => {
          this.notify.ok(`Provider "${provider.name}" deleted`);
          this.load();
        },
        error: (err: unknown) => this.notify.fail(err, 'Could not delete the provider'),
      });
  }
}
