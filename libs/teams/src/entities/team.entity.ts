import type { BudgetPeriod } from '@gateway/contracts';
import { bigintToNumber } from '@gateway/database';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A group of users that will share keys, a billing account and budgets. */
@Entity('teams')
@Check('ck_teams_budget_period', `"budget_period" IN ('day', 'week', 'month', 'total')`)
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
  /** Spend limit per `budgetPeriod` (null: none); see BudgetPeriod. */
  @Column({ name: 'budget_micros', type: 'bigint', nullable: true, transformer: bigintToNumber }) budgetMicros: number | null;
  @Column({ name: 'budget_period', type: 'text', default: 'total' }) budgetPeriod: BudgetPeriod;
  /** Percentages of the budget that raise a `budget.threshold` event. */
  @Column({ name: 'budget_alerts', type: 'integer', array: true, default: () => "'{50,80,100}'" }) budgetAlerts: number[];
  /** A `balance.low` event fires when the balance falls below this (null: never)… */
  @Column({ name: 'low_balance_micros', type: 'bigint', nullable: true, transformer: bigintToNumber }) lowBalanceMicros: number | null;
  /** …once, until the balance is back above it. */
  @Column({ name: 'low_balance_alerted', type: 'boolean', default: false }) lowBalanceAlerted: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
