import { AuditService } from '@gateway/audit';
import { BadRequestException, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import type { ClaimMapping, SsoSettingsView } from '@gateway/contracts';
import { SecretBox } from '@gateway/providers';
import { bootstrapAdminEmail } from '../default-admin';
import { EMPTY_MAPPING, mappingProblems, normaliseMapping } from './claim-mapping';
import { UpdateSsoSettingsDto } from './dto/update-sso-settings.dto';
import { SsoSettingsRepository } from './sso-settings.repository';

/** The settings in force, with the client secret in the clear (server side only). */
export interface SsoConfig {
  source: SsoSettingsView['source'];
  enabled: boolean;
  issuerUrl: string;
  clientId: string;
  clientSecret: string | null;
  scopes: string;
  redirectUrl: string;
  postLogoutRedirectUrl: string | null;
  displayName: string;
  claimMapping: ClaimMapping;
  ssoRequired: boolean;
  allowedDomains: string[];
  /** Configured break-glass emails; empty means the bootstrap admin (see passwordLoginAllowed). */
  breakGlassEmails: string[];
  trustEmail: boolean;
  updatedAt: Date | null;
}

const NONE: SsoConfig = {
  source: 'none', enabled: false, issuerUrl: '', clientId: '', clientSecret: null, scopes: 'openid email profile', redirectUrl: '', postLogoutRedirectUrl: null,
  displayName: 'single sign-on', claimMapping: EMPTY_MAPPING, ssoRequired: false, allowedDomains: [], breakGlassEmails: [], trustEmail: false, updatedAt: null,
};

/**
 * Single sign-on settings: those saved through the API, else the OIDC_* environment. Read from
 * PostgreSQL on each use, so a change made on one replica holds on all of them at once.
 */
@Injectable()
export class SsoSettingsService implements OnModuleInit {
  private readonly box: SecretBox;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: SsoSettingsRepository,
    private readonly audit: AuditService,
  ) {
    this.box = new SecretBox(config.encryption.key, config.encryption.previousKeys);
  }

  onModuleInit(): void {
    const problems = this.config.oidc ? mappingProblems(this.config.oidc.claimMapping ?? {}) : [];
    if (problems.length) throw new Error(`Invalid configuration:\n  - OIDC_CLAIM_MAPPING: ${problems.join('; ')}`);
  }

  async current(): Promise<SsoConfig> {
    const row = await this.repo.find();
    if (row) {
      const { id: _id, clientSecretSealed, ...fields } = row;
      return { ...fields, source: 'database', clientSecret: clientSecretSealed ? this.box.open(clientSecretSealed) : null };
    }
    const env = this.config.oidc;
    if (!env) return NONE;
    return { ...env, source: 'environment', enabled: true, claimMapping: normaliseMapping(env.claimMapping), updatedAt: null };
  }

  async view(): Promise<SsoSettingsView> {
    const { clientSecret, updatedAt, ...s } = await this.current();
    const unset = s.source === 'none';
    return {
      ...s,
      issuerUrl: unset ? null : s.issuerUrl,
      clientId: unset ? null : s.clientId,
      redirectUrl: unset ? null : s.redirectUrl,
      clientSecretSet: clientSecret !== null,
      updatedAt: updatedAt?.toISOString() ?? null,
    };
  }

  /** Saved and audited in one transaction (the secret appears only as whether it is set). */
  async update(dto: UpdateSsoSettingsDto): Promise<SsoSettingsView> {
    const problems = [...mappingProblems(dto.claimMapping ?? {}).map((p) => `claimMapping: ${p}`), ...this.urlProblems(dto)];
    if (problems.length) throw new BadRequestException(problems);
    const previous = await this.current();
    const secret = dto.clientSecret === undefined ? previous.clientSecret : dto.clientSecret || null;
    const before = await this.view();
    const fields = {
      enabled: dto.enabled,
      issuerUrl: dto.issuerUrl.replace(/\/+$/, ''),
      clientId: dto.clientId,
      clientSecretSealed: secret ? this.box.seal(secret) : null,
      scopes: dto.scopes ?? 'openid email profile',
      redirectUrl: dto.redirectUrl,
      postLogoutRedirectUrl: dto.postLogoutRedirectUrl ?? null,
      displayName: dto.displayName,
      claimMapping: normaliseMapping(dto.claimMapping),
      ssoRequired: dto.ssoRequired ?? false,
      allowedDomains: (dto.allowedDomains ?? []).map((d) => d.toLowerCase()),
      breakGlassEmails: (dto.breakGlassEmails ?? []).map((e) => e.toLowerCase()),
      trustEmail: dto.trustEmail ?? false,
    };
    await this.audit.transaction(async (tx) => {
      await this.repo.save(fields, tx.em);
      const { clientSecretSealed: _sealed, ...after } = fields;
      tx.record({ action: 'sso.settings.update', targetType: 'sso', targetId: null, before, after: { ...after, clientSecretSet: secret !== null } });
    });
    return this.view();
  }

  /**
   * Whether this email may sign in with a password: always, unless SSO is on and required and the
   * email is not break-glass. `breakGlass`: allowed only as a break-glass email, which holds for
   * an admin only (the caller checks the account's role once it knows the account).
   */
  async passwordLoginAllowed(email: string): Promise<{ allowed: true; breakGlass: boolean; displayName: string } | { allowed: false; displayName: string }> {
    const s = await this.current();
    if (!s.enabled || !s.ssoRequired) return { allowed: true, breakGlass: false, displayName: s.displayName };
    const breakGlass = s.breakGlassEmails.length ? s.breakGlassEmails : [bootstrapAdminEmail(this.config)];
    return breakGlass.includes(email.trim().toLowerCase()) ? { allowed: true, breakGlass: true, displayName: s.displayName } : { allowed: false, displayName: s.displayName };
  }

  /** https everywhere; plain http only for a loopback host or outside production (a local Keycloak). */
  private urlProblems(dto: UpdateSsoSettingsDto): string[] {
    const urls = { issuerUrl: dto.issuerUrl, redirectUrl: dto.redirectUrl, postLogoutRedirectUrl: dto.postLogoutRedirectUrl };
    return Object.entries(urls).flatMap(([field, url]) => (url && !secureEnough(url, this.config.env) ? [`${field} must be an https URL`] : []));
  }
}

export function secureEnough(url: string, env: AppConfig['env']): boolean {
  const u = new URL(url);
  return u.protocol === 'https:' || env !== 'production' || ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
}
