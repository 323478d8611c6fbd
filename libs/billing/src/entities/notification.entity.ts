import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A `budget.threshold` or `balance.low` event: written by the usage writer in the transaction that
 * crossed the threshold (its unique `dedupe` makes it once per threshold and period), shown in the
 * console, and handed to the account's webhooks (`dispatched_at` set in that same step).
 */
@Entity('notifications')
@Index('ix_notifications_user_time', ['userId', 'createdAt'])
@Index('ix_notifications_team_time', ['teamId', 'createdAt'])
@Index('ix_notifications_undispatched', ['createdAt'], { where: '"dispatched_at" IS NULL' })
export class Notification {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) type: 'budget.threshold' | 'balance.low';
  /** The account concerned: a team's, else the user's. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true }) userId: string | null;
  @Column({ name: 'team_id', type: 'uuid', nullable: true }) teamId: string | null;
  /** Set when the budget is a key's. */
  @Column({ name: 'key_id', type: 'uuid', nullable: true }) keyId: string | null;
  @Index('uq_notifications_dedupe', { unique: true }) @Column({ type: 'text' }) dedupe: string;
  @Column({ type: 'jsonb' }) data: Record<string, unknown>;
  @Column({ type: 'text' }) text: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true }) dispatchedAt: Date | null;
}
