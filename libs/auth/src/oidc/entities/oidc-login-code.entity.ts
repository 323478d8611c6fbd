import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** The one-time code the console exchanges for a session after an SSO sign-in (tokens never travel in a URL). */
@Entity('oidc_login_codes')
export class OidcLoginCode {
  @PrimaryColumn({ name: 'code_hash', type: 'text' }) codeHash: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  /** The provider's ID token, handed to the console with the session for its end-session link; kept ≤ the code's minute. */
  @Column({ name: 'id_token', type: 'text', nullable: true }) idToken: string | null;
  @Index('ix_oidc_login_codes_expires') @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
