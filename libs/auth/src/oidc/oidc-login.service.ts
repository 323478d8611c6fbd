import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { AuditService } from '@gateway/audit';
import type { SsoPublicConfig, TokenPair } from '@gateway/contracts';
import { UsersRepository } from '@gateway/users';
import { AuthService } from '../auth.service';
import { OidcClientService } from './oidc-client.service';
import { OidcLoginsRepository } from './oidc-logins.repository';
import { SsoProvisioner } from './sso-provisioner.service';
import { SsoConfig, SsoSettingsService } from './sso-settings.service';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const STATE_TTL_MS = 10 * 60_000;
const CODE_TTL_MS = 60_000;

/** The claims a sign-in reads: the identity ones and those the mapping looks at. */
const claimsUsed = (s: SsoConfig): string[] => ['email', 'email_verified', 'name', s.claimMapping.groupsClaim, ...s.claimMapping.rules.map((r) => r.claim ?? s.claimMapping.groupsClaim)];

/**
 * The sign-in with the identity provider: start (redirect there), callback (validate, find or
 * create the user, hand out a one-time code), exchange (the code for the usual token pair).
 */
@Injectable()
export class OidcLoginService {
  constructor(
    private readonly settings: SsoSettingsService,
    private readonly client: OidcClientService,
    private readonly logins: OidcLoginsRepository,
    private readonly provisioner: SsoProvisioner,
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  async publicConfig(): Promise<SsoPublicConfig> {
    const s = await this.settings.current();
    if (!s.enabled) return { enabled: false, displayName: null, ssoRequired: false, logoutUrl: null };
    // The provider being down must not break the login page: the end-session link is just left out.
    const logoutUrl = await this.client.logoutUrl(s).catch(() => null);
    return { enabled: true, displayName: s.displayName, ssoRequired: s.ssoRequired, logoutUrl };
  }

  /** The provider's authorization URL, and the value of the cookie that ties the callback to this browser. */
  async start(): Promise<{ url: string; browser: string; secure: boolean }> {
    const s = await this.enabled();
    const secrets = this.client.newSecrets();
    const url = await this.client.authorizationUrl(s, secrets);
    const browser = randomBytes(32).toString('base64url');
    await this.logins.prune();
    await this.logins.saveState({ stateHash: sha256(secrets.state), browserHash: sha256(browser), nonce: secrets.nonce, codeVerifier: secrets.codeVerifier, expiresAt: new Date(Date.now() + STATE_TTL_MS) });
    return { url, browser, secure: new URL(s.redirectUrl).protocol === 'https:' };
  }

  /** The provider's redirect back: a one-time code for the console to exchange. Audited, refused or not. */
  async callback(query: Record<string, string>, browser: string | undefined): Promise<string> {
    const s = await this.enabled(); // SSO off: a 404, not a failed sign-in to record
    let email: string | null = null;
    try {
      const { code, user, subject } = await this.signIn(s, query, browser, (e) => (email = e));
      await this.audit.record({ action: 'auth.login', targetType: 'user', targetId: user.id, actorUserId: user.id, after: { email: user.email, method: 'sso', subject } });
      return code;
    } catch (e) {
      const reason = (e as Error).message.slice(0, 300);
      await this.audit.record({ action: 'auth.login.failed', targetType: 'user', targetId: null, actorUserId: null, after: { email, reason, method: 'sso' } });
      throw e;
    }
  }

  private async signIn(s: SsoConfig, query: Record<string, string>, browser: string | undefined, claimed: (email: string | null) => void) {
    if (typeof query.state !== 'string' || !query.state) throw new BadRequestException('The sign-in answer has no state: start again');
    const row = await this.logins.takeState(sha256(query.state));
    if (!row || row.expiresAt.getTime() <= Date.now()) throw new BadRequestException('This sign-in attempt is unknown, expired or already used: start again');
    if (!browser || sha256(browser) !== row.browserHash) throw new BadRequestException('This sign-in was started in another browser: start again');
    if (!query.code && !query.error) throw new BadRequestException('The sign-in answer has no code');
    const callbackUrl = new URL(s.redirectUrl);
    for (const [name, value] of Object.entries(query)) if (typeof value === 'string') callbackUrl.searchParams.set(name, value);
    const { claims, idToken } = await this.client.claims(s, callbackUrl, { state: query.state, nonce: row.nonce, codeVerifier: row.codeVerifier }, claimsUsed(s));
    claimed(typeof claims.email === 'string' ? claims.email.toLowerCase() : null);
    const user = await this.provisioner.signIn(s, claims);
    const code = randomBytes(32).toString('base64url');
    await this.logins.saveCode({ codeHash: sha256(code), userId: user.id, idToken, expiresAt: new Date(Date.now() + CODE_TTL_MS) });
    return { code, user, subject: String(claims.sub) };
  }

  async exchange(code: string): Promise<TokenPair> {
    const row = await this.logins.takeCode(sha256(code));
    if (!row || row.expiresAt.getTime() <= Date.now()) throw new BadRequestException('This sign-in code is unknown, expired or already used: sign in again');
    const user = await this.users.findById(row.userId);
    if (!user) throw new BadRequestException('This sign-in code is unknown, expired or already used: sign in again');
    if (!user.active) throw new ForbiddenException('This account is deactivated');
    // The ID token goes to the console for the provider's logout (`id_token_hint`, which Okta requires).
    return { ...(await this.auth.startSession(user)), ...(row.idToken ? { idToken: row.idToken } : {}) };
  }

  private async enabled(): Promise<SsoConfig> {
    const s = await this.settings.current();
    if (!s.enabled) throw new NotFoundException('Single sign-on is not configured');
    return s;
  }
}
