import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { BalanceSource } from './gate/credit-gate';

/** A billing account's committed balance: a user's, or a team's (ids are unique across both). */
const ACCOUNT_BALANCE = 'SELECT COALESCE((SELECT balance_micros FROM users WHERE id = $1), (SELECT balance_micros FROM teams WHERE id = $1))';

/** Committed figures from PostgreSQL, read by the gate on first sight of an account or key. */
@Injectable()
export class DbBalanceSource implements BalanceSource {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async balanceMicros(accountId: string): Promise<number> {
    const rows = await this.db.query(`${ACCOUNT_BALANCE} AS balance_micros`, [accountId]);
    return Number(rows[0]?.balance_micros ?? 0);
  }

  async quotaUsedMicros(keyId: string): Promise<number> {
    const rows = await this.db.query('SELECT quota_used_micros FROM api_keys WHERE id = $1', [keyId]);
    return Number(rows[0]?.quota_used_micros ?? 0);
  }

  async committed(kind: 'balance' | 'quota', id: string, requestIds: string[]): Promise<{ micros: number; recorded: string[] }> {
    if (!requestIds.length) return { micros: await (kind === 'balance' ? this.balanceMicros(id) : this.quotaUsedMicros(id)), recorded: [] };
    // One statement, one snapshot: a row landing meanwhile is either in both figures or in neither.
    const figure = kind === 'balance' ? ACCOUNT_BALANCE : 'SELECT quota_used_micros FROM api_keys WHERE id = $1';
    const [row] = await this.db.query(
      `SELECT (${figure}) AS micros, ARRAY(SELECT request_id FROM usage_logs WHERE request_id = ANY($2::text[])) AS recorded`,
      [id, requestIds],
    );
    return { micros: Number(row?.micros ?? 0), recorded: row?.recorded ?? [] };
  }

  async recordedRequestIds(requestIds: string[]): Promise<string[]> {
    if (!requestIds.length) return [];
    const rows: Array<{ request_id: string }> = await this.db.query('SELECT request_id FROM usage_logs WHERE request_id = ANY($1::text[])', [requestIds]);
    return rows.map((r) => r.request_id);
  }
}
