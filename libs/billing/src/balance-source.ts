import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { figureWindow } from './budget-spend.reader';
import type { BalanceSource } from './gate/credit-gate';

/** A billing account's committed balance: a user's, or a team's (ids are unique across both). */
const ACCOUNT_BALANCE = 'SELECT COALESCE((SELECT balance_micros FROM users WHERE id = $1), (SELECT balance_micros FROM teams WHERE id = $1))';
/** A budget's spend in a period: $1 subject, $3 first day, $4 day after the last (null: unbounded). */
const PERIOD_SPEND =
  'SELECT COALESCE(SUM(spent_micros), 0) FROM budget_spend WHERE subject_id = $1 AND ($3::date IS NULL OR day >= $3::date) AND ($4::date IS NULL OR day < $4::date)';

/** Committed figures from PostgreSQL, read by the gate on first sight of an account or key. */
@Injectable()
export class DbBalanceSource implements BalanceSource {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async balanceMicros(accountId: string): Promise<number> {
    const rows = await this.db.query(`${ACCOUNT_BALANCE} AS balance_micros`, [accountId]);
    return Number(rows[0]?.balance_micros ?? 0);
  }

  async budgetSpentMicros(figure: string): Promise<number> {
    return (await this.committed('budget', figure, [])).micros;
  }

  async committed(kind: 'balance' | 'budget', id: string, requestIds: string[]): Promise<{ micros: number; recorded: string[] }> {
    const params: unknown[] = [id, requestIds];
    if (kind === 'budget') {
      const figure = figureWindow(id);
      if (!figure) throw new Error(`not a budget figure: ${id}`);
      params.splice(0, 1, figure.subjectId);
      params.push(figure.since, figure.until);
    }
    // One statement, one snapshot: a row landing meanwhile is either in both figures or in neither.
    const [row] = await this.db.query(
      `SELECT (${kind === 'balance' ? ACCOUNT_BALANCE : PERIOD_SPEND}) AS micros, ARRAY(SELECT request_id FROM usage_logs WHERE request_id = ANY($2::text[])) AS recorded`,
      params,
    );
    return { micros: Number(row?.micros ?? 0), recorded: row?.recorded ?? [] };
  }

  async recordedRequestIds(requestIds: string[]): Promise<string[]> {
    if (!requestIds.length) return [];
    const rows: Array<{ request_id: string }> = await this.db.query('SELECT request_id FROM usage_logs WHERE request_id = ANY($1::text[])', [requestIds]);
    return rows.map((r) => r.request_id);
  }
}
