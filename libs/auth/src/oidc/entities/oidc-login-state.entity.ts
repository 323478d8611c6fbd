import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A sign-in in flight, between the redirect to the identity provider and its callback: kept in
 * PostgreSQL so any replica can finish it, deleted when used (single use).
 */
@Entity('oidc_login_states')
export class OidcLoginState {
  /** sha256 of the `state` parameter. */
  @PrimaryColumn({ name: 'state_hash', type: 'text' }) stateHash: string;
  /** sha256 of the cookie that ties the sign-in to the browser that started it. */
  @Column({ name: 'browser_hash', type: 'text' }) browserHash: string;
  @Column({ type: 'text' }) nonce: string;
  @Column({ name: 'code_verifier', type: 'text' }) codeVerifier: string;
  @Index('ix_oidc_login_states_expires') @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
