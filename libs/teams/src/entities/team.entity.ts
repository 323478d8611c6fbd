import { bigintToNumber } from '@gateway/database';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A group of users that will share keys, a billing account and budgets. */
@Entity('teams')
export class Team {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) name: string;
  @Index('uq_teams_slug', { unique: true }) @Column({ type: 'text' }) slug: string;
  /** Public model names; empty: whatever each member's tier allows. */
  @Column({ name: 'allowed_models', type: 'text', array: true, default: () => "'{}'" }) allowedModels: string[];
  @Column({ type: 'integer', nullable: true }) rpm: number | null;
  @Column({ type: 'integer', nullable: true }) tpm: number | null;
  @Column({ type: 'jsonb', default: () => "'{}'" }) metadata: Record<string, unknown>;
  /** The team's billing account: credits its keys spend (its ledger entries carry `team_id`). */
  @Column({ name: 'balance_micros', type: 'bigint', default: 0, transformer: bigintToNumber }) balanceMicros: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
