import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { BudgetView } from '@gateway/contracts';
import { Observable } from 'rxjs';
import { errorMessages } from '../../core/api-error';
import { budgetFormValue, budgetUpdateFromForm, BudgetUpdateBody } from '../../core/budget-form';
import { BudgetBarComponent } from '../budget-bar/budget-bar.component';
import { BudgetFieldsComponent, budgetFormGroup } from '../budget-fields/budget-fields.component';

/** Whose budget, its current value, and how to save it; `lowBalanceUsd` present adds the low-balance mark. */
export interface BudgetDialogData<T = unknown> {
  subject: string;
  budget: BudgetView | null;
  lowBalanceUsd?: number | null;
  save: (body: BudgetUpdateBody) => Observable<T>;
}

/** Sets or removes (empty amount) a key's or a user's budget; closes with what `save` answered. */
@Component({
  selector: 'gw-budget-dialog',
  imports: [
    BudgetBarComponent,
    BudgetFieldsComponent,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    ReactiveFormsModule,
  ],
  template: `
    <h2 mat-dialog-title>Budget of {{ data.subject }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content class="gw-form">
        @if (data.budget) {
          <gw-budget-bar [budget]="data.budget" [label]="'Budget of ' + data.subject" />
        }
        <gw-budget-fields [group]="form.controls.budget" />
        @if (withLowBalance) {
          <mat-form-field>
            <mat-label>Low-balance alert below (USD)</mat-label>
            <input matInput type="number" min="0" step="0.01" formControlName="lowBalanceUsd" />
            <mat-hint>Empty: no low-balance alert</mat-hint>
          </mat-form-field>
        }
        @for (message of formErrors(); track message) {
          <p class="gw-error" role="alert">{{ message }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()">Save budget</button>
      </mat-dialog-actions>
    </form>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BudgetDialogComponent {
  private readonly dialogRef = inject<MatDialogRef<BudgetDialogComponent, unknown>>(MatDialogRef);
  protected readonly data = inject<BudgetDialogData>(MAT_DIALOG_DATA);
  protected readonly withLowBalance = 'lowBalanceUsd' in this.data;
  protected readonly form = new FormGroup({
    budget: budgetFormGroup(budgetFormValue(this.data.budget)),
    lowBalanceUsd: new FormControl<number | string | null>(this.data.lowBalanceUsd ?? null, Validators.min(0)),
  });
  protected readonly saving = signal(false);
  protected readonly formErrors = signal<string[]>([]);

  protected submit(): void {
    if (this.saving()) return;
    const { budget, lowBalanceUsd } = this.form.getRawValue();
    const result = budgetUpdateFromForm(budget, this.withLowBalance ? lowBalanceUsd : undefined);
    if (!result.ok) {
      this.formErrors.set([result.error]);
      return;
    }
    this.saving.set(true);
    this.formErrors.set([]);
    this.data.save(result.body).subscribe({
      next: (saved) => this.dialogRef.close(saved),
      error: (err: unknown) => {
        this.saving.set(false);
        this.formErrors.set(errorMessages(err));
      },
    });
  }
}
