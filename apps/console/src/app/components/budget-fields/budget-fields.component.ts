import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { BudgetFormValue } from '../../core/budget-form';
import { BUDGET_PERIODS, type BudgetPeriod } from '../../core/team-budget';

export type BudgetFormGroup = FormGroup<{
  budgetUsd: FormControl<number | string | null>;
  period: FormControl<BudgetPeriod>;
  thresholds: FormControl<string>;
}>;

export function budgetFormGroup(value: BudgetFormValue): BudgetFormGroup {
  return new FormGroup({
    budgetUsd: new FormControl<number | string | null>(value.budgetUsd, Validators.min(0)),
    period: new FormControl<BudgetPeriod>(value.period, { nonNullable: true }),
    thresholds: new FormControl(value.thresholds, { nonNullable: true }),
  });
}

/** Amount, period and alert thresholds of a budget; an empty amount means no budget. */
@Component({
  selector: 'gw-budget-fields',
  imports: [MatFormFieldModule, MatInputModule, MatSelectModule, ReactiveFormsModule],
  template: `
    <fieldset class="gw-form" [formGroup]="group()">
      <legend>{{ legend() }}</legend>
      <div class="gw-row">
        <mat-form-field>
          <mat-label>Budget (USD)</mat-label>
          <input matInput type="number" min="0" step="0.01" formControlName="budgetUsd" />
          <mat-hint>Empty: no spend limit</mat-hint>
          @if (group().controls.budgetUsd.getError('server'); as message) {
            <mat-error>{{ message }}</mat-error>
          } @else if (group().controls.budgetUsd.invalid) {
            <mat-error>Must be 0 or more</mat-error>
          }
        </mat-form-field>
        <mat-form-field>
          <mat-label>Budget period</mat-label>
          <mat-select formControlName="period">
            @for (p of periods; track p) {
              <mat-option [value]="p">{{ p === 'total' ? 'Total (never resets)' : 'Per ' + p + ' (UTC)' }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </div>
      <mat-form-field>
        <mat-label>Alert thresholds (%)</mat-label>
        <input matInput formControlName="thresholds" placeholder="50, 80, 100" />
        <mat-hint>A notification at each, once per period</mat-hint>
      </mat-form-field>
    </fieldset>
  `,
  styles: `
    fieldset { border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; padding: 8px 12px 4px; margin: 0; min-width: 0; }
    legend { font: var(--mat-sys-title-small); padding: 0 4px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BudgetFieldsComponent {
  readonly group = input.required<BudgetFormGroup>();
  readonly legend = input('Budget');
  protected readonly periods = BUDGET_PERIODS;
}
