import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { BudgetPeriod, BudgetView } from '@gateway/contracts';
import { microsToUsd } from '@gateway/database';
import { DataSource } from 'typeorm';
import { periodAt, periodOfTag, type PeriodWindow } from './budget-period';
import { clock } from './clock';

/** What an entity with a budget stores: the amount (null: no budget), its period and alert thresholds. */
export interface BudgetSettings {
  micros: number | null;
  period: BudgetPeriod;
  alerts: number[];
}

const day = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;

/** One subject's spend within a window, summed from its days. */
const SPENT_SQL = `
SELECT s.id, COALESCE((SELECT SUM(b.spent_micros) FROM budget_spend b
  WHERE b.subject_id = s.id AND (s.since IS NULL OR b.day >= s.since) AND (s.until IS NULL OR b.day < s.until)), 0)::bigint AS spent
FROM unnest($1::uuid[], $2::date[], $3::date[]) AS s(id, since, until)`;

/** Committed spend per budget period, as PostgreSQL has it (the gate's figures are loaded from here). */
@Injectable()
export class BudgetSpendReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The spend of each subject in the current period of its budget (subjects without one are skipped). */
  async spent(subjects: Array<{ id: string; budget: BudgetSettings }>, now = clock.now()): Promise<Map<string, number>> {
    const wanted = subjects.filter((s) => s.budget.micros !== null);
    if (!wanted.length) return new Map();
    const windows = wanted.map((s) => periodAt(s.budget.period, now));
    const rows: Array<{ id: string; spent: string }> = await this.db.query(SPENT_SQL, [wanted.map((s) => s.id), windows.map((w) => day(w.start)), windows.map((w) => day(w.end))]);
    return new Map(rows.map((r) => [r.id, Number(r.spent)]));
  }

  /** The views of these subjects' budgets, now. */
  async views(subjects: Array<{ id: string; budget: BudgetSettings }>, now = clock.now()): Promise<Map<string, BudgetView | null>> {
    const spent = await this.spent(subjects, now);
    return new Map(subjects.map((s) => [s.id, budgetView(s.budget, spent.get(s.id) ?? 0, now)]));
  }

  async view(id: string, budget: BudgetSettings): Promise<BudgetView | null> {
    return (await this.views([{ id, budget }])).get(id) ?? null;
  }
}

export function budgetView(budget: BudgetSettings, spentMicros: number, now = clock.now()): BudgetView | null {
  if (budget.micros === null) return null;
  const window = periodAt(budget.period, now);
  return { budgetUsd: microsToUsd(budget.micros), period: budget.period, alertThresholds: budget.alerts, spentUsd: microsToUsd(spentMicros), resetsAt: window.end?.toISOString() ?? null };
}

/** A gate figure (`<subject id>:<period tag>`) as the SQL that sums its committed spend needs it; null if malformed. */
export function figureWindow(figure: string): { subjectId: string; since: string | null; until: string | null; window: PeriodWindow } | null {
  const colon = figure.indexOf(':');
  const window = colon > 0 ? periodOfTag(figure.slice(colon + 1)) : null;
  if (!window) return null;
  return { subjectId: figure.slice(0, colon), since: day(window.start), until: day(window.end), window };
}
