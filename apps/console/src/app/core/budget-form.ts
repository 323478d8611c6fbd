import type { BudgetRequest, BudgetView, KeyView } from '@gateway/contracts';
import { type BudgetPeriod, DEFAULT_THRESHOLDS, parseThresholds, readBudget } from './team-budget';

/** The budget fields as a form holds them: the amount may be empty (no budget). */
export interface BudgetFormValue {
  budgetUsd: number | string | null;
  period: BudgetPeriod;
  thresholds: string;
}

export type BudgetFormResult = { ok: true; budget: BudgetRequest | null } | { ok: false; error: string };

export const THRESHOLDS_ERROR = 'Alert thresholds are percentages above 0 and at most 100, e.g. 50, 80, 100';

/** The form's fields for an existing budget, or the defaults for a new one. */
export function budgetFormValue(budget: BudgetView | null | undefined, period: BudgetPeriod = 'month'): BudgetFormValue {
  return {
    budgetUsd: budget?.budgetUsd ?? null,
    period: budget?.period ?? period,
    thresholds: (budget?.alertThresholds ?? DEFAULT_THRESHOLDS).join(', '),
  };
}

/** The request's `budget`: null when the amount is empty, an error when a field cannot be read. */
export function budgetFromForm(v: BudgetFormValue): BudgetFormResult {
  if (v.budgetUsd === null || String(v.budgetUsd).trim() === '') return { ok: true, budget: null };
  const budgetUsd = Number(v.budgetUsd);
  if (!Number.isFinite(budgetUsd) || budgetUsd < 0) return { ok: false, error: 'The budget is an amount of 0 or more' };
  const alertThresholds = parseThresholds(v.thresholds);
  if (alertThresholds === null) return { ok: false, error: THRESHOLDS_ERROR };
  return { ok: true, budget: { budgetUsd, period: v.period, alertThresholds } };
}

/** A key's budget; a key from before budgets (only `quotaUsd`) reads as a `total` one. */
export function keyBudget(key: Pick<KeyView, 'budget' | 'quotaUsd' | 'quotaUsedUsd'>): BudgetView | null {
  const budget = readBudget(key.budget);
  if (budget || key.quotaUsd === null || key.quotaUsd === undefined) return budget;
  return { budgetUsd: key.quotaUsd, period: 'total', alertThresholds: [], spentUsd: key.quotaUsedUsd ?? 0, resetsAt: null };
}

export interface BudgetUpdateBody {
  budget: BudgetRequest | null;
  lowBalanceUsd?: number | null;
}

/** The PATCH body of a budget dialog; `lowBalanceUsd` undefined leaves the mark out (keys have none). */
export function budgetUpdateFromForm(
  v: BudgetFormValue,
  lowBalanceUsd?: number | string | null,
): { ok: true; body: BudgetUpdateBody } | { ok: false; error: string } {
  const budget = budgetFromForm(v);
  if (!budget.ok) return budget;
  if (lowBalanceUsd === undefined) return { ok: true, body: { budget: budget.budget } };
  if (lowBalanceUsd === null || String(lowBalanceUsd).trim() === '') {
    return { ok: true, body: { budget: budget.budget, lowBalanceUsd: null } };
  }
  const mark = Number(lowBalanceUsd);
  if (!Number.isFinite(mark) || mark < 0) return { ok: false, error: 'The low-balance mark is an amount of 0 or more' };
  return { ok: true, body: { budget: budget.budget, lowBalanceUsd: mark } };
}
