import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { BillingApiService } from '../../api/billing-api.service';
import { applyFieldErrors } from '../../core/api-error';

/** Whose account is credited: a user or a team (exactly one id), and how to name it. */
export interface GrantTarget {
  userId?: string;
  teamId?: string;
  label: string;
}

/** Grants credits to one user or team; closes with the amount granted. */
@Component({
  selector: 'gw-grant-credits-dialog',
  imports: [MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  template: `
    <h2 mat-dialog-title>Grant credits</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content class="gw-form">
        <p>To <strong>{{ target.label }}</strong>{{ target.teamId ? ' (team account)' : '' }}</p>
        <mat-form-field>
          <mat-label>Amount (USD)</mat-label>
          <input matInput type="number" min="0.01" step="0.01" formControlName="amountUsd" required cdkFocusInitial />
          @if (form.controls.amountUsd.getError('server'); as message) {
            <mat-error>{{ message }}</mat-error>
          } @else if (form.controls.amountUsd.invalid) {
            <mat-error>Enter an amount above zero</mat-error>
          }
        </mat-form-field>
        <mat-form-field>
          <mat-label>Note</mat-label>
          <input matInput formControlName="note" maxlength="200" />
        </mat-form-field>
        @for (message of formErrors(); track message) {
          <p class="gw-error" role="alert">{{ message }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()">Grant</button>
      </mat-dialog-actions>
    </form>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class GrantCreditsDialogComponent {
  private readonly billingApi = inject(BillingApiService);
  private readonly dialogRef = inject<MatDialogRef<GrantCreditsDialogComponent, number>>(MatDialogRef);
  protected readonly target = inject<GrantTarget>(MAT_DIALOG_DATA);
  protected readonly saving = signal(false);
  protected readonly formErrors = signal<string[]>([]);
  protected readonly form = inject(NonNullableFormBuilder).group({
    amountUsd: [10, [Validators.required, Validators.min(0.01)]],
    note: [''],
  });

  protected submit(): void {
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    const { amountUsd, note } = this.form.getRawValue();
    this.saving.set(true);
    const account = this.target.teamId ? { teamId: this.target.teamId } : { userId: this.target.userId };
    this.billingApi.grant({ ...account, amountUsd: Number(amountUsd), ...(note.trim() ? { note: note.trim() } : {}) }).subscribe({
      next: () => this.dialogRef.close(Number(amountUsd)),
      error: (err: unknown) => {
        this.saving.set(false);
        this.formErrors.set(applyFieldErrors(this.form, err));
      },
    });
  }
}
