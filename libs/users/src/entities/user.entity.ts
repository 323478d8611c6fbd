import type { BudgetPeriod, Role, Tier } from '@gateway/contracts';
import { bigintToNumber } from '@gateway/database';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('users')
@Check('ck_users_budget_period', `"budget_period" IN ('day', 'week', 'month', 'total')`)
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index('uq_users_email', { unique: true }) @Column({ type: 'text' }) email: string;
  @Column({ type: 'text', nullable: true }) name: string | null;
  /** null: an account made by single sign-on, which has no password. */
  @Column({ name: 'password_hash', type: 'text', nullable: true }) passwordHash: string | null;
  /** The identity provider's `sub` for this user, once they have signed in through SSO. */
  @Index('uq_users_oidc_subject', { unique: true }) @Column({ name: 'oidc_subject', type: 'text', nullable: true }) oidcSubject: string | null;
  @Column({ type: 'text', default: 'user' }) role: Role;
  @Column({ type: 'text', default: 'free' }) tier: Tier;
  @Column({ type: 'boolean', default: true }) active: boolean;
  /** Cached sum of this user's ledger entries; only the ledger writer changes it, in the same transaction. */
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
