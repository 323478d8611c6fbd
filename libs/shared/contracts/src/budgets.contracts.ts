/** How often a budget starts again: at 00:00 UTC each day, each Monday, each 1st of the month, or never. */
export type BudgetPeriod = 'day' | 'week' | 'month' | 'total';
export const BUDGET_PERIODS: readonly BudgetPeriod[] = ['day', 'week', 'month', 'total'];
/** Alert thresholds (percent of the budget) when none are given. */
export const DEFAULT_BUDGET_ALERTS: readonly number[] = [50, 80, 100];

/** A spend limit on a key, a user or a team (distinct from prepaid credit). */
export interface BudgetRequest {
  budgetUsd: number;
  period: BudgetPeriod;
  /** Percentages of the budget at which a `budget.threshold` event fires, once per period; default 50, 80, 100. */
  alertThresholds?: number[];
}

export interface BudgetView {
  budgetUsd: number;
  period: BudgetPeriod;
  alertThresholds: number[];
  /** Spent in the current period (as PostgreSQL has it: charges of the last second may be missing). */
  spentUsd: number;
  /** When the current period ends (ISO, UTC); null for a `total` budget. */
  resetsAt: string | null;
}

/** A `budget.threshold` or `balance.low` event, as the console lists them. */
export interface NotificationView {
  id: string;
  type: 'budget.threshold' | 'balance.low';
  teamId: string | null;
  userId: string | null;
  keyId: string | null;
  text: string;
  data: Record<string, unknown>;
  createdAt: string;
}
