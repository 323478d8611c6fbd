import { BUDGET_PERIODS, type BudgetPeriod, type BudgetView, type TeamView } from '@gateway/contracts';

/** A team's spend limit as the team view reports it (read defensively: a malformed one shows no panel). */
export { BUDGET_PERIODS, type BudgetPeriod };
export type TeamBudgetView = BudgetView;
export type TeamWithBudget = TeamView;

export interface BudgetUpdate {
  budget: Pick<TeamBudgetView, 'budgetUsd' | 'period' | 'alertThresholds'> | null;
  lowBalanceUsd: number | null;
}

export const DEFAULT_THRESHOLDS = [50, 80, 100];

const PERIOD_PHRASES: Record<BudgetPeriod, string> = { day: 'today', week: 'this week', month: 'this month', total: 'in total' };

export const periodPhrase = (period: BudgetPeriod): string => PERIOD_PHRASES[period];

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The team's budget when the view carries a well-formed one, else null. */
export function budgetOf(team: TeamWithBudget | null | undefined): TeamBudgetView | null {
  return readBudget(team?.budget);
}

/** A budget view (a key's, a user's or a team's) when well-formed, else null. */
export function readBudget(value: unknown): BudgetView | null {
  const b = value as Partial<BudgetView> | null | undefined;
  if (!b || typeof b !== 'object' || !isNumber(b.budgetUsd) || !isNumber(b.spentUsd)) return null;
  if (!BUDGET_PERIODS.includes(b.period as BudgetPeriod)) return null;
  return {
    budgetUsd: b.budgetUsd,
    spentUsd: b.spentUsd,
    period: b.period as BudgetPeriod,
    alertThresholds: Array.isArray(b.alertThresholds) ? b.alertThresholds.filter(isNumber) : [],
    resetsAt: typeof b.resetsAt === 'string' ? b.resetsAt : null,
  };
}

export interface BudgetProgress {
  /** Spent as a share of the budget, 0–100 (capped) for the bar. */
  percent: number;
  /** The highest alert threshold reached, or null. */
  crossed: number | null;
  level: 'ok' | 'warn' | 'over';
}

export function budgetProgress(b: TeamBudgetView): BudgetProgress {
  const share = b.budgetUsd > 0 ? (b.spentUsd / b.budgetUsd) * 100 : b.spentUsd > 0 ? 100 : 0;
  const reached = b.alertThresholds.filter((t) => share >= t);
  const crossed = reached.length ? Math.max(...reached) : null;
  const level = share >= 100 ? 'over' : crossed !== null ? 'warn' : 'ok';
  return { percent: Math.min(100, Math.max(0, share)), crossed, level };
}

/** "50, 80 100" -> [50, 80, 100]: sorted, unique, each above 0 and at most 100; null when unreadable. */
export function parseThresholds(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const values = parts.map(Number);
  if (values.some((v) => !Number.isFinite(v) || v <= 0 || v > 100)) return null;
  return [...new Set(values)].sort((a, b) => a - b);
}
