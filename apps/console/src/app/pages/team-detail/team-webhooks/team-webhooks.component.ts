import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import type { WebhookView } from '@gateway/contracts';
import { filter, switchMap } from 'rxjs';
import { WebhooksApiService } from '../../../api/webhooks-api.service';
import { ConfirmDialogComponent, ConfirmDialogData } from '../../../components/confirm-dialog/confirm-dialog.component';
import { IconComponent } from '../../../components/icon/icon.component';
import { NotifyService } from '../../../core/notify.service';
import { WhenPipe } from '../../../format';
import { WebhookDeliveriesComponent } from './webhook-deliveries.component';
import { EVENT_LABELS, WebhookFormDialogComponent } from './webhook-form-dialog.component';

/** The team's alert webhooks: add (secret shown once), test-send, delete, and each one's deliveries. */
@Component({
  selector: 'gw-team-webhooks',
  imports: [IconComponent, MatButtonModule, WebhookDeliveriesComponent, WhenPipe],
  templateUrl: './team-webhooks.component.html',
  styles: `
    .hook { border-top: 1px solid var(--mat-sys-outline-variant); padding: 12px 0; }
    .hook:first-of-type { border-top: 0; }
    .url { font-weight: 500; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TeamWebhooksComponent {
  private readonly webhooksApi = inject(WebhooksApiService);
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(NotifyService);
  readonly teamId = input.required<string>();
  protected readonly labels = EVENT_LABELS;
  protected readonly webhooks = signal<WebhookView[]>([]);
  /** The webhook whose deliveries are open, and a counter that reloads them. */
  protected readonly open = signal<string | null>(null);
  protected readonly reloadKey = signal(0);

  constructor() {
    effect(() => {
      this.teamId();
      untracked(() => this.load());
    });
  }

  protected add(): void {
    this.dialog
      .open<WebhookFormDialogComponent, { teamId: string }, WebhookView>(WebhookFormDialogComponent, {
        data: { teamId: this.teamId() },
        width: '560px',
        maxWidth: '95vw',
      })
      .afterClosed()
      .pipe(filter((hook): hook is WebhookView => !!hook))
      .subscribe((hook) => {
        this.notify.ok(`Webhook to ${hook.url} added`);
        this.load();
      });
  }

  protected test(hook: WebhookView): void {
    this.webhooksApi.test(hook.id).subscribe({
      next: () => {
        this.notify.ok('Test event queued');
        this.open.set(hook.id);
        this.reloadKey.update((n) => n + 1);
      },
      error: (err: unknown) => this.notify.fail(err, 'Could not send the test'),
    });
  }

  protected toggle(hook: WebhookView): void {
    this.open.update((id) => (id === hook.id ? null : hook.id));
  }

  protected remove(hook: WebhookView): void {
    const data: ConfirmDialogData = {
      title: 'Delete this webhook?',
      message: `${hook.url} gets no more events.`,
      confirm: 'Delete webhook',
    };
    this.dialog
      .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, { data })
      .afterClosed()
      .pipe(
        filter(Boolean),
        switchMap(() => this.webhooksApi.remove(hook.id)),
      )
      .subscribe({
        next: () => {
          this.notify.ok('Webhook deleted');
          if (this.open() === hook.id) this.open.set(null);
          this.load();
        },
        error: (err: unknown) => this.notify.fail(err, 'Could not delete the webhook'),
      });
  }

  private load(): void {
    this.webhooksApi.list(this.teamId()).subscribe({
      next: (page) => this.webhooks.set(page.items),
      error: (err: unknown) => this.notify.fail(err, "Could not load the team's webhooks"),
    });
  }
}
