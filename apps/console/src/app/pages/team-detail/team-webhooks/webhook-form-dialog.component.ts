import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { WEBHOOK_EVENTS, type CreatedWebhookView, type WebhookEvent, type WebhookView } from '@gateway/contracts';
import { WebhooksApiService } from '../../../api/webhooks-api.service';
import { IconComponent } from '../../../components/icon/icon.component';
import { applyFieldErrors } from '../../../core/api-error';
import { copyText } from '../../../core/copy-text';
import { NotifyService } from '../../../core/notify.service';

export const EVENT_LABELS: Record<WebhookEvent, string> = {
  'budget.threshold': 'Budget threshold crossed',
  'balance.low': 'Balance low',
};

/**
 * Creates a team webhook, then shows its signing secret: the only time it is visible. Closes
 * with the webhook (without the secret) once the user has saved it.
 */
@Component({
  selector: 'gw-webhook-form-dialog',
  imports: [IconComponent, MatButtonModule, MatCheckboxModule, MatDialogModule, MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  templateUrl: './webhook-form-dialog.component.html',
  styles: `
    .events { border: 0; margin: 0; padding: 0; display: flex; flex-direction: column; }
    legend { font: var(--mat-sys-label-large); padding: 0; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WebhookFormDialogComponent {
  private readonly webhooksApi = inject(WebhooksApiService);
  private readonly notify = inject(NotifyService);
  private readonly clipboard = inject(Clipboard);
  private readonly dialogRef = inject<MatDialogRef<WebhookFormDialogComponent, WebhookView>>(MatDialogRef);
  protected readonly teamId = inject<{ teamId: string }>(MAT_DIALOG_DATA).teamId;
  protected readonly events = WEBHOOK_EVENTS;
  protected readonly labels = EVENT_LABELS;
  protected readonly saving = signal(false);
  protected readonly formErrors = signal<string[]>([]);
  protected readonly created = signal<CreatedWebhookView | null>(null);
  protected readonly copied = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    url: ['', [Validators.required, Validators.pattern(/^https?:\/\/\S+$/)]],
    events: [[...WEBHOOK_EVENTS] as WebhookEvent[]],
  });

  protected toggle(event: WebhookEvent, on: boolean): void {
    const events = this.form.controls.events.value.filter((e) => e !== event);
    this.form.controls.events.setValue(on ? [...events, event] : events);
  }

  protected submit(): void {
    const { url, events } = this.form.getRawValue();
    if (this.form.invalid || !events.length || this.saving()) {
      this.form.markAllAsTouched();
      if (!events.length) this.formErrors.set(['Pick at least one event']);
      return;
    }
    this.saving.set(true);
    this.formErrors.set([]);
    this.webhooksApi.create({ url: url.trim(), events, teamId: this.teamId }).subscribe({
      next: (created) => {
        this.saving.set(false);
        this.dialogRef.disableClose = true;
        this.created.set(created);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        this.formErrors.set(applyFieldErrors(this.form, err));
      },
    });
  }

  protected async copy(): Promise<void> {
    const secret = this.created()?.secret;
    if (!secret) return;
    const ok = await copyText(secret, this.clipboard);
    this.copied.set(ok);
    if (ok) this.notify.ok('Secret copied to the clipboard');
    else this.notify.fail('Could not copy: select the secret and copy it by hand');
  }

  /** Drops the secret with the dialog. */
  protected done(): void {
    const created = this.created();
    if (!created) return;
    const { secret: _secret, ...webhook } = created;
    this.created.set(null);
    this.dialogRef.close(webhook);
  }
}
