import { bigintToNumber } from '@gateway/database';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Daily roll-up of usage_logs per (day, user, key, model, provider); written by the usage-aggregate job. */
@Entity('usage_daily')
@Index('uq_usage_daily_group', ['day', 'userId', 'keyId', 'model', 'provider'], { unique: true })
export class UsageDaily {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'date' }) day: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  /** Empty string when the request came with a JWT rather than a key. */
  @Column({ name: 'key_id', type: 'text' }) keyId: string;
  /** The team whose account paid (a team key; a key belongs to one team); empty otherwise. */
  @Column({ name: 'team_id', type: 'text', default: '' }) teamId: string;
  @Column({ type: 'text' }) model: string;
  @Column({ type: 'text' }) provider: string;
  @Column({ name: 'user_tier', type: 'text', default: '' }) userTier: string;
  @Column({ type: 'integer' }) requests: number;
  @Column({ type: 'integer' }) errors: number;
  @Column({ name: 'prompt_tokens', type: 'bigint', transformer: bigintToNumber }) promptTokens: number;
  @Column({ name: 'completion_tokens', type: 'bigint', transformer: bigintToNumber }) completionTokens: number;
  @Column({ name: 'cache_read_tokens', type: 'bigint', default: 0, transformer: bigintToNumber }) cacheReadTokens: number;
  @Column({ name: 'cache_write_tokens', type: 'bigint', default: 0, transformer: bigintToNumber }) cacheWriteTokens: number;
  @Column({ name: 'reasoning_tokens', type: 'bigint', default: 0, transformer: bigintToNumber }) reasoningTokens: number;
  @Column({ name: 'cost_micros', type: 'bigint', transformer: bigintToNumber }) costMicros: number;
  @Column({ name: 'cache_savings_micros', type: 'bigint', default: 0, transformer: bigintToNumber }) cacheSavingsMicros: number;
  @Column({ name: 'latency_p50_ms', type: 'integer' }) latencyP50Ms: number;
  @Column({ name: 'latency_p95_ms', type: 'integer' }) latencyP95Ms: number;
}
