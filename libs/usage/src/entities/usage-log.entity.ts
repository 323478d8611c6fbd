import { bigintToNumber } from '@gateway/database';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per gateway request. */
@Entity('usage_logs')
@Index('ix_usage_logs_user_time', ['userId', 'createdAt'])
@Index('ix_usage_logs_time', ['createdAt'])
export class UsageLog {
  @PrimaryColumn({ name: 'request_id', type: 'text' }) requestId: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'key_id', type: 'uuid', nullable: true }) keyId: string | null;
  @Column({ type: 'text' }) model: string;
  @Column({ name: 'provider_id', type: 'uuid', nullable: true }) providerId: string | null;
  @Column({ type: 'text', nullable: true }) provider: string | null;
  @Column({ name: 'upstream_model', type: 'text', nullable: true }) upstreamModel: string | null;
  @Column({ type: 'text' }) endpoint: string;
  @Column({ type: 'boolean', default: false }) stream: boolean;
  @Column({ type: 'integer' }) status: number;
  @Column({ name: 'prompt_tokens', type: 'integer', default: 0 }) promptTokens: number;
  @Column({ name: 'completion_tokens', type: 'integer', default: 0 }) completionTokens: number;
  @Column({ name: 'cost_micros', type: 'bigint', default: 0, transformer: bigintToNumber }) costMicros: number;
  @Column({ name: 'latency_ms', type: 'integer', default: 0 }) latencyMs: number;
  @Column({ name: 'ttft_ms', type: 'integer', nullable: true }) ttftMs: number | null;
  @Column({ type: 'integer', default: 1 }) attempts: number;
  @Column({ type: 'text', nullable: true }) error: string | null;
  @Column({ name: 'user_tier', type: 'text', nullable: true }) userTier: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
