import type { ClaimMapping } from '@gateway/contracts';
import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The single sign-on settings saved through the API (one row; when present it overrides the OIDC_* environment). */
@Entity('sso_settings')
@Check('ck_sso_settings_single', `"id" = 1`)
export class SsoSettings {
  @PrimaryColumn({ type: 'smallint', default: 1 }) id: number;
  @Column({ type: 'boolean', default: false }) enabled: boolean;
  @Column({ name: 'issuer_url', type: 'text' }) issuerUrl: string;
  @Column({ name: 'client_id', type: 'text' }) clientId: string;
  /** Sealed like provider keys (SecretBox); never returned. */
  @Column({ name: 'client_secret_sealed', type: 'text', nullable: true }) clientSecretSealed: string | null;
  @Column({ type: 'text' }) scopes: string;
  @Column({ name: 'redirect_url', type: 'text' }) redirectUrl: string;
  @Column({ name: 'post_logout_redirect_url', type: 'text', nullable: true }) postLogoutRedirectUrl: string | null;
  @Column({ name: 'display_name', type: 'text' }) displayName: string;
  @Column({ name: 'claim_mapping', type: 'jsonb' }) claimMapping: ClaimMapping;
  @Column({ name: 'sso_required', type: 'boolean', default: false }) ssoRequired: boolean;
  @Column({ name: 'allowed_domains', type: 'text', array: true, default: () => "'{}'" }) allowedDomains: string[];
  @Column({ name: 'break_glass_emails', type: 'text', array: true, default: () => "'{}'" }) breakGlassEmails: string[];
  @Column({ name: 'trust_email', type: 'boolean', default: false }) trustEmail: boolean;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
