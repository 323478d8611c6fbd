import type { AuditRecordView } from '@gateway/contracts';
import { auditHash, GENESIS_HASH, type HashedFields } from './audit-hash';
import type { AuditRecord } from './entities/audit-record.entity';

export const hashedFields = (r: Omit<AuditRecord, 'hash'>): HashedFields => ({
  seq: Number(r.seq),
  createdAt: r.createdAt.toISOString(),
  actorUserId: r.actorUserId,
  actorKeyId: r.actorKeyId,
  ip: r.ip,
  userAgent: r.userAgent,
  requestId: r.requestId,
  action: r.action,
  targetType: r.targetType,
  targetId: r.targetId,
  diff: r.diff,
  prevHash: r.prevHash,
});

/**
 * Why `row` does not continue the chain after `prev` (null: it does). Without `prev` the row is
 * the first one kept: the first ever must follow the genesis hash; a later one is checked by
 * the caller against the pruning record that kept it.
 */
export function chainBreak(row: AuditRecord, prev: Pick<AuditRecord, 'seq' | 'hash'> | null): string | null {
  if (prev && Number(row.seq) !== Number(prev.seq) + 1) return `records ${Number(prev.seq) + 1} to ${Number(row.seq) - 1} are missing (deleted)`;
  if (prev && row.prevHash !== prev.hash) return 'its previous hash is not the hash of the record before it (that record was edited or replaced)';
  if (!prev && Number(row.seq) === 1 && row.prevHash !== GENESIS_HASH) return 'the first record does not start from the genesis hash';
  if (auditHash(hashedFields(row)) !== row.hash) return 'its content does not match its hash (edited)';
  return null;
}

export function toAuditView(r: AuditRecord): AuditRecordView {
  return {
    seq: Number(r.seq),
    createdAt: r.createdAt.toISOString(),
    actorUserId: r.actorUserId,
    actorKeyId: r.actorKeyId,
    ip: r.ip,
    userAgent: r.userAgent,
    requestId: r.requestId,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    diff: r.diff,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}
