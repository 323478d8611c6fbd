import type { Tier } from '@gateway/contracts';
import { bigintToNumber } from '@gateway/database';
import { Column, ColumnOptions, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export interface ModelTarget {
  providerId: string;
  upstreamModel: string;
  weight: number;
  priority: number;
}

const nullableMicros = (name: string): ColumnOptions => ({ name, type: 'bigint', nullable: true, transformer: bigintToNumber });

/** A public ("shadow") model: the name callers use, mapped to provider targets, with a price. */
@Entity('models')
export class Model {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index('uq_models_name', { unique: true }) @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'jsonb' }) targets: ModelTarget[];
  /** Micro-dollars per million tokens. */
  @Column({ name: 'input_price_micros', type: 'bigint', transformer: bigintToNumber }) inputPriceMicros: number;
  @Column({ name: 'output_price_micros', type: 'bigint', transformer: bigintToNumber }) outputPriceMicros: number;
  /** Null cache and long-context prices fall back as `Price` (billing) describes. */
  @Column(nullableMicros('cache_read_price_micros')) cacheReadPriceMicros: number | null;
  @Column(nullableMicros('cache_write_price_micros')) cacheWritePriceMicros: number | null;
  @Column(nullableMicros('cache_write_1h_price_micros')) cacheWrite1hPriceMicros: number | null;
  @Column({ name: 'long_context_threshold_tokens', type: 'integer', nullable: true }) longContextThresholdTokens: number | null;
  @Column(nullableMicros('long_context_input_price_micros')) longContextInputPriceMicros: number | null;
  @Column(nullableMicros('long_context_output_price_micros')) longContextOutputPriceMicros: number | null;
  @Column({ type: 'jsonb', default: () => "'[]'" }) tiers: Tier[];
  @Column({ type: 'boolean', default: true }) enabled: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
