import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { currentActor, NO_ACTOR, type AuditActor } from './audit-context';
import { auditHash, GENESIS_HASH } from './audit-hash';
import { hashedFields } from './audit-chain';
import { AuditRecord } from './entities/audit-record.entity';
import { auditDiff, redact } from './redact';

/** One action to record. `before` / `after` are the target's state (views); only changed fields are kept. */
export interface AuditEntry {
  action: string;
  targetType: string | null;
  targetId: string | null;
  before?: object | null;
  after?: object | null;
  /** Context kept whole beside the diff (the member a membership change is about). */
  detail?: object;
  /** The acting user when the request has none yet (a login, a refresh). */
  actorUserId?: string | null;
}

/** A transaction the change runs in; what it records is appended just before the commit. */
export interface AuditTx {
  em: EntityManager;
  record(entry: AuditEntry): void;
}

// pg_advisory_xact_lock key ("audit" in ASCII): one chain, one writer at a time.
const CHAIN_LOCK = 0x6175646974;
const DAY_MS = 86_400_000;

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Run `work` in a transaction and append its records in the same transaction: the change and
   * its record commit together or not at all. The chain's lock is taken last, so concurrent
   * actions wait for each other only for the append, not for their whole work.
   */
  transaction<T>(work: (tx: AuditTx) => Promise<T>): Promise<T> {
    return this.db.transaction(async (em) => {
      const entries: AuditEntry[] = [];
      const result = await work({ em, record: (e) => entries.push(e) });
      const actor = currentActor();
      for (const entry of entries) await this.append(em, entry, actor);
      return result;
    });
  }

  /** A record with no database change beside it (a failed login, a job retried in Redis). */
  record(entry: AuditEntry): Promise<void> {
    const actor = currentActor();
    return this.db.transaction(async (em) => void (await this.append(em, entry, actor)));
  }

  /**
   * Delete records older than `retentionDays` (whole prefix of the chain, by seq) and record the
   * pruning: the record names the first seq kept, which is how verify knows the gap is pruning.
   */
  async prune(retentionDays: number, now = new Date()): Promise<{ deleted: number; keptFromSeq: number | null }> {
    if (retentionDays <= 0) return { deleted: 0, keptFromSeq: null };
    const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
    return this.db.transaction(async (em) => {
      const head = await this.lockHead(em);
      if (!head) return { deleted: 0, keptFromSeq: null };
      const [first] = await em.query('SELECT min(seq) AS seq FROM audit_log WHERE created_at >= $1', [cutoff]);
      const keptFromSeq = first.seq === null ? head.seq + 1 : Number(first.seq);
      const [{ n }] = await em.query('WITH d AS (DELETE FROM audit_log WHERE seq < $1 RETURNING 1) SELECT count(*)::int AS n FROM d', [keptFromSeq]);
      if (n > 0) {
        const after = { deleted: n, keptFromSeq, olderThan: cutoff.toISOString(), retentionDays };
        await this.insert(em, { action: 'audit.prune', targetType: 'audit_log', targetId: null, after }, NO_ACTOR, head);
      }
      return { deleted: n, keptFromSeq };
    });
  }

  private async append(em: EntityManager, entry: AuditEntry, actor: AuditActor): Promise<AuditRecord> {
    return this.insert(em, entry, actor, await this.lockHead(em));
  }

  /** Take the chain's lock (until commit) and read its newest record. */
  private async lockHead(em: EntityManager): Promise<{ seq: number; hash: string } | null> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    const [head] = await em.query('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    return head ? { seq: Number(head.seq), hash: head.hash } : null;
  }

  private async insert(em: EntityManager, entry: AuditEntry, actor: AuditActor, head: { seq: number; hash: string } | null): Promise<AuditRecord> {
    const row = {
      seq: (head?.seq ?? 0) + 1,
      createdAt: new Date(),
      actorUserId: entry.actorUserId !== undefined ? entry.actorUserId : actor.userId,
      actorKeyId: actor.keyId,
      ip: actor.ip,
      userAgent: actor.userAgent,
      requestId: actor.requestId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      diff: { ...auditDiff(entry.before, entry.after), ...(entry.detail && { detail: redact(entry.detail) as Record<string, unknown> }) },
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    const record = em.create(AuditRecord, { ...row, hash: auditHash(hashedFields(row)) });
    await em.insert(AuditRecord, record as never);
    return record;
  }
}
