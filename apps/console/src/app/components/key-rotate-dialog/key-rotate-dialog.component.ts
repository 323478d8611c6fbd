import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import type { CreatedKeyView, KeyView } from '@gateway/contracts';
import { KeysApiService } from '../../api/keys-api.service';
import { errorText } from '../../core/api-error';

/** How long the old secret may still be used, offered as choices (seconds). */
export const GRACE_PERIODS: { seconds: number; label: string }[] = [
  { seconds: 0, label: 'Refuse it at once' },
  { seconds: 300, label: '5 minutes' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86_400, label: '24 hours' },
  { seconds: 604_800, label: '7 days' },
];

/** Rotates a key: a new secret (shown next, once), the old one working for the chosen grace period. */
@Component({
  selector: 'gw-key-rotate-dialog',
  imports: [MatButtonModule, MatDialogModule, MatFormFieldModule, MatSelectModule],
  template: `
    <h2 mat-dialog-title>Rotate {{ key.name }}?</h2>
    <mat-dialog-content>
      <p>A new secret replaces <code class="gw-mono">{{ key.prefix }}…</code>; its name, models, limits and budget stay.</p>
      <mat-form-field>
        <mat-label>The old secret</mat-label>
        <mat-select [value]="grace()" (valueChange)="grace.set($event)" data-testid="rotate-grace">
          @for (g of periods; track g.seconds) {
            <mat-option [value]="g.seconds">{{ g.seconds ? 'Keeps working for ' + g.label : g.label }}</mat-option>
          }
        </mat-select>
        <mat-hint>Time to roll the new secret out before the old one stops working</mat-hint>
      </mat-form-field>
      @if (error(); as message) {
        <p class="gw-error" role="alert">{{ message }}</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>Cancel</button>
      <button mat-flat-button type="button" (click)="rotate()" [disabled]="saving()" data-testid="rotate-confirm">Rotate key</button>
    </mat-dialog-actions>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KeyRotateDialogComponent {
  private readonly keysApi = inject(KeysApiService);
  private readonly dialogRef = inject<MatDialogRef<KeyRotateDialogComponent, CreatedKeyView>>(MatDialogRef);
  protected readonly key = inject<KeyView>(MAT_DIALOG_DATA);
  protected readonly periods = GRACE_PERIODS;
  protected readonly grace = signal(0);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  protected rotate(): void {
    this.saving.set(true);
    this.keysApi.rotate(this.key.id, this.grace()).subscribe({
      next: (created) => this.dialogRef.close(created),
      error: (err: unknown) => {
        this.saving.set(false);
        this.error.set(errorText(err));
      },
    });
  }
}
