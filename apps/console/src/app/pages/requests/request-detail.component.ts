import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, effect, HostListener, inject, input, output, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { RequestDetailView } from '@gateway/contracts';
import type { Subscription } from 'rxjs';
import { RequestsApiService } from '../../api/requests-api.service';
import { IconComponent } from '../../components/icon/icon.component';
import { errorText } from '../../core/api-error';
import { copyText } from '../../core/copy-text';
import { NotifyService } from '../../core/notify.service';
import { FORMAT_PIPES } from '../../format';

/** A drawer with everything recorded about one request and the ledger's charge for it. */
@Component({
  selector: 'gw-request-detail',
  imports: [FORMAT_PIPES, IconComponent, MatButtonModule, MatProgressBarModule],
  templateUrl: './request-detail.component.html',
  styleUrl: './request-detail.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RequestDetailComponent {
  private readonly api = inject(RequestsApiService);
  private readonly clipboard = inject(Clipboard);
  private readonly notify = inject(NotifyService);
  readonly requestId = input.required<string>();
  readonly closed = output<void>();
  protected readonly detail = signal<RequestDetailView | null>(null);
  protected readonly error = signal<string | null>(null);
  private loading?: Subscription;

  constructor() {
    effect(() => {
      const id = this.requestId();
      untracked(() => this.load(id));
    });
  }

  @HostListener('document:keydown.escape')
  protected close(): void {
    this.closed.emit();
  }

  protected async copyId(id: string): Promise<void> {
    if (await copyText(id, this.clipboard)) this.notify.ok('Request id copied');
  }

  private load(id: string): void {
    this.detail.set(null);
    this.error.set(null);
    // A slower answer for the request shown before must not replace this one.
    this.loading?.unsubscribe();
    this.loading = this.api.detail(id).subscribe({
      next: (d) => this.detail.set(d),
      error: (err: unknown) => this.error.set(errorText(err)),
    });
  }
}
