import type { BudgetPeriod, KeyScope } from '@gateway/contracts';
import { bigintToNumber } from '@gateway/database';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('api_keys')
@Check('ck_api_keys_budget_period', `"budget_period" IN ('day', 'week', 'month', 'total')`)
// The request log finds a key by name in any case: an expression index, kept by its migration.
@Index('ix_api_keys_name_lower', { synchronize: false })
export class ApiKey {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Who created it (for a team key: an owner or admin of the team). */
  @Index('ix_api_keys_user') @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  /** A team key: charged to the team's account, managed by the team's owners. */
  @Index('ix_api_keys_team') @Column({ name: 'team_id', type: 'uuid', nullable: true }) teamId: string | null;
  @Column({ type: 'text' }) name: string;
  @Index('ix_api_keys_prefix') @Column({ type: 'text' }) prefix: string;
  /** SHA-256 (hex) of the plaintext key; the key itself is never stored. */
  @Index('uq_api_keys_hash', { unique: true }) @Column({ name: 'key_hash', type: 'text' }) keyHash: string;
  /** After a rotation: the replaced secret's hash, accepted until `previousKeyExpiresAt`. */
  @Index('uq_api_keys_previous_hash', { unique: true })
  @Column({ name: 'previous_key_hash', type: 'text', nullable: true })
  previousKeyHash: string | null;
  @Column({ name: 'previous_key_expires_at', type: 'timestamptz', nullable: true }) previousKeyExpiresAt: Date | null;
  @Column({ type: 'jsonb', default: () => "'[]'" }) models: string[];
  /** The key's budget (null: none), per `budgetPeriod`; named for the older `total`-only quota. */
  @Column({ name: 'quota_micros', type: 'bigint', nullable: true, transformer: bigintToNumber }) quotaMicros: number | null;
  @Column({ name: 'budget_period', type: 'text', default: 'total' }) budgetPeriod: BudgetPeriod;
  @Column({ name: 'budget_alerts', type: 'integer', array: true, default: () => "'{50,80,100}'" }) budgetAlerts: number[];
  @Column({ name: 'quota_used_micros', type: 'bigint', default: 0, transformer: bigintToNumber }) quotaUsedMicros: number;
  @Column({ type: 'integer', nullable: true }) rpm: number | null;
  @Column({ type: 'integer', nullable: true }) tpm: number | null;
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true }) expiresAt: Date | null;
  @Column({ name: 'allowed_origins', type: 'jsonb', default: () => "'[]'" }) allowedOrigins: string[];
  /** What the key may call: "gateway" (/v1) and/or "management" (/api/v1). */
  @Column({ type: 'jsonb', default: () => `'["gateway"]'` }) scopes: KeyScope[];
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true }) lastUsedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
