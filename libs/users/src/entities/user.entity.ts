import type { Role, Tier } from '@gateway/contracts';
import { bigintToNumber } from '@gateway/database';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index('uq_users_email', { unique: true }) @Column({ type: 'text' }) email: string;
  @Column({ type: 'text', nullable: true }) name: string | null;
  @Column({ name: 'password_hash', type: 'text' }) passwordHash: string;
  @Column({ type: 'text', default: 'user' }) role: Role;
  @Column({ type: 'text', default: 'free' }) tier: Tier;
  @Column({ type: 'boolean', default: true }) active: boolean;
  /** Cached sum of this user's ledger entries; only the ledger writer changes it, in the same transaction. */
  @Column({ name: 'balance_micros', type: 'bigint', default: 0, transformer: bigintToNumber }) balanceMicros: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
