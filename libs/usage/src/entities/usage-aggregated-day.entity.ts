import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A past UTC day whose usage_daily rows are complete: reports read it from there, not from raw rows. */
@Entity('usage_aggregated_days')
export class UsageAggregatedDay {
  @PrimaryColumn({ type: 'date' }) day: string;
  @Column({ name: 'aggregated_at', type: 'timestamptz' }) aggregatedAt: Date;
}
