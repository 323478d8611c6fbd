import type { Tier } from '@gateway/contracts';
import { bigintToNumber } from '@gateway/database';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export interface ModelTarget {
  providerId: string;
  upstreamModel: string;
  weight: number;
  priority: number;
}

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
  @Column({ type: 'jsonb', default: () => "'[]'" }) tiers: Tier[];
  @Column({ type: 'boolean', default: true }) enabled: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
