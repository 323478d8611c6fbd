import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { TeamsApiService } from '../../../api/teams-api.service';
import { errorMessages } from '../../../core/api-error';
import { MoneyPipe, WhenPipe } from '../../../format';
import { NotifyService } from '../../../core/notify.service';
import {
  BUDGET_PERIODS,
  budgetOf,
  budgetProgress,
  BudgetUpdate,
  DEFAULT_THRESHOLDS,
  parseThresholds,
  periodPhrase,
  TeamWithBudget,
} from '../../../core/team-budget';

/**
 * The team's spend limit as a progress bar, and its form for owners and admins. Hidden when the
 * team view carries no `budget` field at all (a gateway that does not know budgets).
 */
@Component({
  selector: 'gw-budget-panel',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MoneyPipe,
    ReactiveFormsModule,
    WhenPipe,
  ],
  templateUrl: './budget-panel.component.html',
  styleUrl: './budget-panel.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BudgetPanelComponent {
  private readonly teamsApi = inject(TeamsApiService);
  private readonly notify = inject(NotifyService);
  readonly team = input.required<TeamWithBudget>();
  readonly canEdit = input(false);
  readonly changed = output<TeamWithBudget>();

  protected readonly periods = BUDGET_PERIODS;
  protected readonly periodPhrase = periodPhrase;
  protected readonly known = computed(() => 'budget' in this.team());
  protected readonly budget = computed(() => budgetOf(this.team()));
  protected readonly progress = computed(() => {
    const b = this.budget();
    return b ? budgetProgress(b) : null;
  });
  protected readonly lowBalanceUsd = computed(() => {
    const v = this.team().lowBalanceUsd;
    return typeof v === 'number' ? v : null;
  });
  protected readonly editing = signal(false);
  protected readonly saving = signal(false);
  protected readonly formErrors = signal<string[]>([]);
  protected readonly form = inject(NonNullableFormBuilder).group({
    budgetUsd: [100 as number | null, [Validators.required, Validators.min(0)]],
    period: ['month' as (typeof BUDGET_PERIODS)[number]],
    thresholds: [DEFAULT_THRESHOLDS.join(', ')],
    lowBalanceUsd: [null as number | null, Validators.min(0)],
  });

  protected edit(): void {
    const b = this.budget();
    this.form.reset({
      budgetUsd: b?.budgetUsd ?? 100,
      period: b?.period ?? 'month',
      thresholds: (b?.alertThresholds ?? DEFAULT_THRESHOLDS).join(', '),
      lowBalanceUsd: this.lowBalanceUsd(),
    });
    this.formErrors.set([]);
    this.editing.set(true);
  }

  protected save(): void {
    const v = this.form.getRawValue();
    const alertThresholds = parseThresholds(v.thresholds);
    if (this.form.invalid || alertThresholds === null) {
      this.form.markAllAsTouched();
      if (alertThresholds === null) this.formErrors.set(['Alert thresholds are percentages above 0 and at most 100, e.g. 50, 80, 100']);
      return;
    }
    this.send({ budget: { budgetUsd: Number(v.budgetUsd), period: v.period, alertThresholds }, lowBalanceUsd: optional(v.lowBalanceUsd) });
  }

  protected clear(): void {
    this.send({ budget: null, lowBalanceUsd: optional(this.form.getRawValue().lowBalanceUsd) });
  }

  private send(body: BudgetUpdate): void {
    this.saving.set(true);
    this.formErrors.set([]);
    this.teamsApi.update(this.team().id, body).subscribe({
      next: (team) => {
        this.saving.set(false);
        this.editing.set(false);
        this.notify.ok(body.budget ? 'Budget saved' : 'Budget removed');
        this.changed.emit(team);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        this.formErrors.set(errorMessages(err));
      },
    });
  }
}

const optional = (value: number | string | null): number | null => (value === null || String(value).trim() === '' ? null : Number(value));
