import type { LedgerEntryType } from '@gateway/contracts';
import { bigintToNumber } from '@gateway/database';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One movement of an account's credits; signed micro-dollars (grants positive, charges
 * negative). The account is the team when `teamId` is set, else the user.
 */
@Entity('ledger_entries')
@Index('ix_ledger_entries_user_time', ['userId', 'createdAt'])
@Index('ix_ledger_entries_team_time', ['teamId', 'createdAt'])
@Check('ck_ledger_entries_account', '"user_id" IS NOT NULL OR "team_id" IS NOT NULL')
export class LedgerEntry {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid', nullable: true }) userId: string | null;
  @Column({ name: 'team_id', type: 'uuid', nullable: true }) teamId: string | null;
  @Column({ type: 'text' }) type: LedgerEntryType;
  @Column({ name: 'amount_micros', type: 'bigint', transformer: bigintToNumber }) amountMicros: number;
  /** Charges carry the gateway request id; unique, so a request is charged at most once. */
  @Index('uq_ledger_entries_charge', { unique: true, where: "type = 'charge'" })
  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
