import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { keyPrefixOf, type RequestChargeView, type RequestDetailView, type RequestLogPage, type RequestLogRowView } from '@gateway/contracts';
import { microsToUsd } from '@gateway/database';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from './request-log-cursor';
import { RequestLogFilter, requestDetailSql, requestLogPageSql } from './request-log-sql';
import { toRowView } from './usage-row-view';

const KEY_BY_NAME = 'SELECT id FROM api_keys WHERE prefix = $2 OR lower(name) = lower($1) LIMIT 1000';

/** Who is reading: admins see every request and where it was routed; others what the route scoped them to. */
export interface RequestLogViewer {
  id: string;
  admin: boolean;
}

/** The request log: one row per gateway request, found by filters and walked with a keyset cursor. */
@Injectable()
export class RequestLogService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async page(asked: RequestLogFilter, cursor: string | undefined, limit: number, admin: boolean): Promise<RequestLogPage> {
    const filter = await this.resolveNames(asked);
    if (!filter) return { items: [], nextCursor: null };
    const { text, params } = requestLogPageSql(filter, cursor ? decodeCursor(cursor) : null, limit + 1);
    const rows: Array<Record<string, any>> = await this.db.query(text, params);
    const more = rows.length > limit;
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor = more ? encodeCursor({ at: last.at_exact, id: last.request_id }) : null;
    return { items: items.map((r) => toLogRow(r, admin)), nextCursor };
  }

  /**
   * The user and key as a person names them, turned into ids so the page query keeps its index
   * walks; null when nothing can match (no such user or key, or it contradicts an id also given).
   * A key name may match keys of other users: the route's own scope (user or team) still applies.
   */
  private async resolveNames(f: RequestLogFilter): Promise<RequestLogFilter | null> {
    const { user, key, ...resolved } = f;
    if (user) {
      const id = isUUID(user) ? user : (await this.db.query('SELECT id FROM users WHERE email = lower($1)', [user]))[0]?.id;
      if (!id || (f.userId && f.userId !== id)) return null;
      resolved.userId = id;
    }
    if (key) {
      const ids: string[] = isUUID(key)
        ? [key]
        : (await this.db.query(KEY_BY_NAME, [key, keyPrefixOf(key)])).map((r: { id: string }) => r.id);
      const matching = f.keyId ? ids.filter((id) => id === f.keyId) : ids;
      if (!matching.length) return null;
      resolved.keyIds = matching;
    }
    return resolved;
  }

  /** Someone else's request is a 404, as an unknown one: its existence is not theirs to learn. */
  async detail(requestId: string, viewer: RequestLogViewer): Promise<RequestDetailView> {
    const { text, params } = requestDetailSql(requestId, viewer.admin ? null : viewer.id);
    const [row] = await this.db.query(text, params);
    if (!row) throw new NotFoundException('Request not found');
    const charges: Array<Record<string, any>> = await this.db.query(
      `SELECT id, type, amount_micros, request_id, note, created_at, user_id, team_id FROM ledger_entries
       WHERE request_id = $1 AND type = 'charge' ORDER BY created_at, id`,
      [requestId],
    );
    return {
      ...toLogRow(row, viewer.admin),
      attempts: row.attempts,
      userTier: row.user_tier,
      providerId: viewer.admin ? row.provider_id : null,
      charges: charges.map(toCharge),
    };
  }
}

function toLogRow(r: Record<string, any>, admin: boolean): RequestLogRowView {
  return { ...toRowView(r, admin), userEmail: r.user_email ?? null, teamName: r.team_name ?? null };
}

const toCharge = (r: Record<string, any>): RequestChargeView => ({
  id: r.id,
  type: r.type,
  amountUsd: microsToUsd(Number(r.amount_micros)),
  requestId: r.request_id,
  note: r.note,
  userId: r.user_id,
  teamId: r.team_id,
  createdAt: new Date(r.created_at).toISOString(),
});
