import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RequestChargeView, RequestDetailView, RequestLogPage, RequestLogRowView } from '@gateway/contracts';
import { microsToUsd } from '@gateway/database';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from './request-log-cursor';
import { RequestLogFilter, requestDetailSql, requestLogPageSql } from './request-log-sql';
import { toRowView } from './usage-row-view';

/** Who is reading: admins see every request and where it was routed; others what the route scoped them to. */
export interface RequestLogViewer {
  id: string;
  admin: boolean;
}

/** The request log: one row per gateway request, found by filters and walked with a keyset cursor. */
@Injectable()
export class RequestLogService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async page(filter: RequestLogFilter, cursor: string | undefined, limit: number, admin: boolean): Promise<RequestLogPage> {
    const { text, params } = requestLogPageSql(filter, cursor ? decodeCursor(cursor) : null, limit + 1);
    const rows: Array<Record<string, any>> = await this.db.query(text, params);
    const more = rows.length > limit;
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor = more ? encodeCursor({ at: last.at_exact, id: last.request_id }) : null;
    return { items: items.map((r) => toLogRow(r, admin)), nextCursor };
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
