import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type LoginMethod = 'password' | 'sso';

/** One issued refresh token. Tokens of one login share a family; replaying a used one revokes the family. */
@Entity('refresh_tokens')
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index('ix_refresh_tokens_user') @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Index('ix_refresh_tokens_family') @Column({ name: 'family_id', type: 'uuid' }) familyId: string;
  @Index('uq_refresh_tokens_hash', { unique: true }) @Column({ name: 'token_hash', type: 'text' }) tokenHash: string;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  /** How the login began: a password login's refresh stops working once SSO is required. */
  @Column({ type: 'text', default: 'password' }) method: LoginMethod;
  @Column({ name: 'used_at', type: 'timestamptz', nullable: true }) usedAt: Date | null;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
