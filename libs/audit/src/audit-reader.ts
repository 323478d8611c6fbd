import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditRecordView, AuditVerifyView, Page } from '@gateway/contracts';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { withActors } from './audit-actors';
import { chainBreak, toAuditView } from './audit-chain';
import { AuditQueryDto } from './dto/audit.query';
import { AuditRecord } from './entities/audit-record.entity';

const BATCH = 1000;

/** Listing, export and verification of the audit log. */
@Injectable()
export class AuditReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(q: AuditQueryDto): Promise<Page<AuditRecordView>> {
    const [rows, total] = await this.filtered(q)
      .orderBy('a.seq', 'DESC')
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return { items: await withActors(this.db, rows.map(toAuditView)), total, page: q.page, pageSize: q.pageSize };
  }

  /** Every matching record, newest first, in batches (for the CSV). */
  async *all(q: AuditQueryDto): AsyncGenerator<AuditRecordView[]> {
    let below: number | null = null;
    for (;;) {
      const query = this.filtered(q).orderBy('a.seq', 'DESC').take(BATCH);
      if (below !== null) query.andWhere('a.seq < :below', { below });
      const rows = await query.getMany();
      if (rows.length) yield rows.map(toAuditView);
      if (rows.length < BATCH) return;
      below = rows[rows.length - 1].seq;
    }
  }

  /**
   * Walk the chain from the oldest kept record, in one snapshot (a pruning or an append running
   * meanwhile is not seen half-done). The oldest kept record is the first ever, or the one a
   * pruning record names as the first it kept.
   */
  verify(): Promise<AuditVerifyView> {
    return this.db.transaction('REPEATABLE READ', async (em) => {
      const repo = em.getRepository(AuditRecord);
      let prev: AuditRecord | null = null;
      let first: number | null = null;
      let checked = 0;
      const result = (firstBreak: AuditVerifyView['firstBreak']): AuditVerifyView => ({ ok: !firstBreak, checked, firstSeq: first, lastSeq: prev ? prev.seq : null, headHash: prev?.hash ?? null, firstBreak });
      for (;;) {
        const query = repo.createQueryBuilder('a').orderBy('a.seq', 'ASC').take(BATCH);
        if (prev) query.where('a.seq > :after', { after: prev.seq });
        const rows = await query.getMany();
        for (const row of rows) {
          if (!prev) {
            first = row.seq;
            if (row.seq !== 1 && !(await this.prunedUpTo(row.seq, em.query.bind(em)))) {
              return result({ seq: row.seq, reason: `records before ${row.seq} are missing and no pruning record accounts for them` });
            }
          }
          const reason = chainBreak(row, prev);
          if (reason) return result({ seq: row.seq, reason });
          prev = row;
          checked++;
        }
        if (rows.length < BATCH) return result(null);
      }
    });
  }

  private async prunedUpTo(seq: number, query: (sql: string, params: unknown[]) => Promise<unknown[]>): Promise<boolean> {
    const rows = await query("SELECT 1 FROM audit_log WHERE action = 'audit.prune' AND (diff->'after'->>'keptFromSeq')::bigint = $1 LIMIT 1", [seq]);
    return rows.length > 0;
  }

  private filtered(q: AuditQueryDto): SelectQueryBuilder<AuditRecord> {
    const query = this.db.getRepository(AuditRecord).createQueryBuilder('a').where('true');
    if (q.action?.endsWith('*')) query.andWhere('starts_with(a.action, :prefix)', { prefix: q.action.slice(0, -1) });
    else if (q.action) query.andWhere('a.action = :action', { action: q.action });
    if (q.actor) query.andWhere('a.actor_user_id = :actor', { actor: q.actor });
    if (q.targetType) query.andWhere('a.target_type = :targetType', { targetType: q.targetType });
    if (q.targetId) query.andWhere('a.target_id = :targetId', { targetId: q.targetId });
    if (q.from) query.andWhere('a.created_at >= :from', { from: new Date(q.from) });
    if (q.to) query.andWhere('a.created_at < :to', { to: new Date(q.to) });
    return query;
  }
}
