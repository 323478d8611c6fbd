import { bigintToNumber } from '@gateway/database';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type AuditDiff = { before?: Record<string, unknown>; after?: Record<string, unknown>; detail?: Record<string, unknown> };

/**
 * One audited action. Rows are only ever appended (and pruned from the oldest end): `seq` has
 * no gaps, and `hash` covers every other column including `prevHash`, the hash of `seq - 1`.
 */
@Entity('audit_log')
@Index('ix_audit_log_created', ['createdAt'])
@Index('ix_audit_log_actor', ['actorUserId', 'seq'])
@Index('ix_audit_log_action', ['action', 'seq'])
@Index('ix_audit_log_target', ['targetType', 'targetId', 'seq'])
export class AuditRecord {
  @PrimaryColumn({ type: 'bigint', transformer: bigintToNumber }) seq: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true }) actorUserId: string | null;
  @Column({ name: 'actor_key_id', type: 'uuid', nullable: true }) actorKeyId: string | null;
  @Column({ type: 'text', nullable: true }) ip: string | null;
  @Column({ name: 'user_agent', type: 'text', nullable: true }) userAgent: string | null;
  @Column({ name: 'request_id', type: 'text', nullable: true }) requestId: string | null;
  @Column({ type: 'text' }) action: string;
  @Column({ name: 'target_type', type: 'text', nullable: true }) targetType: string | null;
  @Column({ name: 'target_id', type: 'text', nullable: true }) targetId: string | null;
  @Column({ type: 'jsonb' }) diff: AuditDiff;
  @Column({ name: 'prev_hash', type: 'text' }) prevHash: string;
  @Column({ type: 'text' }) hash: string;
}
