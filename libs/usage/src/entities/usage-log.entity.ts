import { bigintToNumber } from '@gateway/database';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per gateway request. The time indexes also serve the request log's pages (newest first, by each common filter). */
@Entity('usage_logs')
@Index('ix_usage_logs_user_time', ['userId', 'createdAt'])
@Index('ix_usage_logs_time', ['createdAt'])
@Index('ix_usage_logs_team_time', ['teamId', 'createdAt'])
@Index('ix_usage_logs_key_time', ['keyId', 'createdAt'])
@Index('ix_usage_logs_model_time', ['model', 'createdAt'])
// The same predicate as FAILED in request-log-sql.ts.
@Index('ix_usage_logs_failed_time', ['createdAt'], { where: 'status >= 400 OR error IS NOT NULL' })
@Check('ck_usage_logs_usage_source', `"usage_source" IN ('reported', 'estimated')`)
export class UsageLog {
  @PrimaryColumn({ name: 'request_id', type: 'text' }) requestId: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'key_id', type: 'uuid', nullable: true }) keyId: string | null;
  /** The team whose account paid (a team key), else null. */
  @Column({ name: 'team_id', type: 'uuid', nullable: true }) teamId: string | null;
  @Column({ type: 'text' }) model: string;
  @Column({ name: 'provider_id', type: 'uuid', nullable: true }) providerId: string | null;
  @Column({ type: 'text', nullable: true }) provider: string | null;
  @Column({ name: 'upstream_model', type: 'text', nullable: true }) upstreamModel: string | null;
  @Column({ type: 'text' }) endpoint: string;
  @Column({ type: 'boolean', default: false }) stream: boolean;
  @Column({ type: 'integer' }) status: number;
  @Column({ name: 'prompt_tokens', type: 'integer', default: 0 }) promptTokens: number;
  @Column({ name: 'completion_tokens', type: 'integer', default: 0 }) completionTokens: number;
  /** Of the prompt tokens: read from / written to the provider's prompt cache. */
  @Column({ name: 'cache_read_tokens', type: 'integer', default: 0 }) cacheReadTokens: number;
  @Column({ name: 'cache_write_tokens', type: 'integer', default: 0 }) cacheWriteTokens: number;
  /** Of the completion tokens: spent thinking. */
  @Column({ name: 'reasoning_tokens', type: 'integer', default: 0 }) reasoningTokens: number;
  /** `reported` by the provider, or `estimated` by the gateway's tokenizer. */
  @Column({ name: 'usage_source', type: 'text', default: 'reported' }) usageSource: 'reported' | 'estimated';
  @Column({ name: 'cost_micros', type: 'bigint', default: 0, transformer: bigintToNumber }) costMicros: number;
  /** The cache reads at the input price minus what they cost. */
  @Column({ name: 'cache_savings_micros', type: 'bigint', default: 0, transformer: bigintToNumber }) cacheSavingsMicros: number;
  @Column({ name: 'latency_ms', type: 'integer', default: 0 }) latencyMs: number;
  @Column({ name: 'ttft_ms', type: 'integer', nullable: true }) ttftMs: number | null;
  @Column({ type: 'integer', default: 1 }) attempts: number;
  @Column({ type: 'text', nullable: true }) error: string | null;
  @Column({ name: 'user_tier', type: 'text', nullable: true }) userTier: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
