import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { BudgetView } from '@gateway/contracts';
import { MoneyPipe, WhenPipe } from '../../format';
import { budgetProgress, periodPhrase, readBudget } from '../../core/team-budget';

/** A budget's spend this period as a small bar with "spent of budget" and the reset date. */
@Component({
  selector: 'gw-budget-bar',
  imports: [MatProgressBarModule, MoneyPipe, WhenPipe],
  template: `
    @if (view(); as b) {
      <mat-progress-bar
        mode="determinate"
        [value]="progress()!.percent"
        [class.level-warn]="progress()!.level === 'warn'"
        [class.level-over]="progress()!.level === 'over'"
        [attr.aria-label]="label() + ' used: ' + progress()!.percent.toFixed(0) + '%'"
      />
      <span class="line" data-testid="budget-bar-text">{{ b.spentUsd | money }} of {{ b.budgetUsd | money }} {{ phrase(b.period) }}</span>
      @if (b.resetsAt) {
        <span class="line muted">resets {{ b.resetsAt | when: 'date' : 'UTC' }}</span>
      }
    } @else {
      <span class="muted">{{ empty() }}</span>
    }
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 2px; min-width: 112px; max-width: 240px; }
    mat-progress-bar { height: 6px; border-radius: 3px; margin: 2px 0; }
    .line { font: var(--mat-sys-body-small); white-space: normal; }
    .muted { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); }
    .level-warn { --mat-progress-bar-active-indicator-color: #b86e00; }
    .level-over { --mat-progress-bar-active-indicator-color: #ba1a1a; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BudgetBarComponent {
  readonly budget = input<BudgetView | null | undefined>(null);
  /** Names the bar for screen readers ("Budget of lab key"). */
  readonly label = input('Budget');
  readonly empty = input('No budget');
  protected readonly phrase = periodPhrase;
  protected readonly view = computed(() => readBudget(this.budget()));
  protected readonly progress = computed(() => {
    const b = this.view();
    return b ? budgetProgress(b) : null;
  });
}
