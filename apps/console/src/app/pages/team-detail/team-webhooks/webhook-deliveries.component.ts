import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatTableModule } from '@angular/material/table';
import type { WebhookDeliveryView } from '@gateway/contracts';
import { WebhooksApiService } from '../../../api/webhooks-api.service';
import { IconComponent } from '../../../components/icon/icon.component';
import { TableWrapDirective } from '../../../components/table-wrap/table-wrap.directive';
import { errorText } from '../../../core/api-error';
import { AgoPipe, WhenPipe } from '../../../format';

const POLL_MS = 2000;

/** A webhook's latest deliveries; refreshes by itself while any is still pending. */
@Component({
  selector: 'gw-webhook-deliveries',
  imports: [AgoPipe, IconComponent, MatButtonModule, MatTableModule, TableWrapDirective, WhenPipe],
  templateUrl: './webhook-deliveries.component.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WebhookDeliveriesComponent {
  private readonly webhooksApi = inject(WebhooksApiService);
  readonly webhookId = input.required<string>();
  /** Bumped by the parent (after a test-send) to reload now. */
  readonly reloadKey = input(0);
  protected readonly deliveries = signal<WebhookDeliveryView[]>([]);
  protected readonly total = signal(0);
  protected readonly failure = signal<string | null>(null);
  protected readonly columns = ['createdAt', 'event', 'status', 'attempts', 'code', 'deliveredAt'];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    effect(() => {
      this.webhookId();
      this.reloadKey();
      untracked(() => this.load());
    });
    inject(DestroyRef).onDestroy(() => this.stopPolling());
  }

  protected load(): void {
    this.stopPolling();
    this.webhooksApi.deliveries(this.webhookId(), 1, 10).subscribe({
      next: (page) => {
        this.deliveries.set(page.items);
        this.total.set(page.total);
        this.failure.set(null);
        if (page.items.some((d) => d.status === 'pending')) this.timer = setTimeout(() => this.load(), POLL_MS);
      },
      error: (err: unknown) => this.failure.set(errorText(err)),
    });
  }

  private stopPolling(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
