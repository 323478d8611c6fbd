import type { BudgetPeriod } from '@gateway/contracts';

/** One period of a budget: `tag` names it in the gate's figures, `[start, end)` in UTC (no end for `total`). */
export interface PeriodWindow {
  tag: string;
  start: Date | null;
  end: Date | null;
}

const DAY_MS = 86_400_000;

/** The period of `period` that holds the instant `ms`. Weeks start on Monday, as ISO 8601 has them. */
export function periodAt(period: BudgetPeriod, ms: number): PeriodWindow {
  if (period === 'total') return { tag: 't', start: null, end: null };
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  let start: number;
  let end: number;
  if (period === 'month') {
    start = Date.UTC(y, m, 1);
    end = Date.UTC(y, m + 1, 1);
  } else {
    const day = Date.UTC(y, m, d.getUTCDate());
    start = period === 'day' ? day : day - ((d.getUTCDay() + 6) % 7) * DAY_MS;
    end = start + (period === 'day' ? DAY_MS : 7 * DAY_MS);
  }
  return { tag: `${period[0]}${new Date(start).toISOString().slice(0, 10)}`, start: new Date(start), end: new Date(end) };
}

/** The window a tag from `periodAt` names (the gate's figures carry only the tag); null if it is not one. */
export function periodOfTag(tag: string): PeriodWindow | null {
  if (tag === 't') return { tag, start: null, end: null };
  const kind = ({ d: 'day', w: 'week', m: 'month' } as const)[tag[0] as 'd' | 'w' | 'm'];
  const start = Date.parse(`${tag.slice(1)}T00:00:00Z`);
  if (!kind || !/^\d{4}-\d{2}-\d{2}$/.test(tag.slice(1)) || Number.isNaN(start)) return null;
  const window = periodAt(kind, start);
  return window.tag === tag ? window : null;
}

/** A budget check for the gate: the figure `<subject id>:<period tag>` may reach `micros`. */
export interface BudgetLimit {
  figure: string;
  micros: number;
  /** Whose budget it is, for the refusal's message. */
  owner: 'key' | 'user' | 'team';
  period: BudgetPeriod;
}

/** The gate's check of a budget of `micros` per `period` on `subjectId`, for a request made at `ms`. */
export function budgetLimit(owner: BudgetLimit['owner'], subjectId: string, micros: number, period: BudgetPeriod, ms: number): BudgetLimit {
  return { figure: `${subjectId}:${periodAt(period, ms).tag}`, micros, owner, period };
}
