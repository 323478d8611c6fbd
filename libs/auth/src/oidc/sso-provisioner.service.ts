import { ConflictException, ForbiddenException, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@gateway/audit';
import { TeamMembersService } from '@gateway/teams';
import { User, UsersRepository, UsersService } from '@gateway/users';
import { mapClaims } from './claim-mapping';
import type { SsoConfig } from './sso-settings.service';

/** Context of the records an SSO sign-in writes: no admin made these changes, the identity provider's claims did. */
const SSO = { source: 'sso' };
const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';

/**
 * Turns a validated ID token into a gateway user, just in time: matched on `sub`, else linked
 * by verified email, else created; then role, tier and mapped teams follow the claims.
 */
@Injectable()
export class SsoProvisioner {
  private readonly logger = new Logger('SSO');

  constructor(
    private readonly users: UsersRepository,
    private readonly usersService: UsersService,
    private readonly teamMembers: TeamMembersService,
    private readonly audit: AuditService,
  ) {}

  async signIn(s: SsoConfig, claims: Record<string, unknown>): Promise<User> {
    const sub = String(claims.sub);
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email) throw new ForbiddenException('The identity provider sent no email address: request the "email" scope');
    // Entra ID sends no email_verified: trustEmail takes its (tenant-controlled) addresses as verified.
    const verified = claims.email_verified === true || (s.trustEmail && claims.email_verified !== false);
    if (!verified) throw new ForbiddenException('The identity provider has not verified this email address');
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (s.allowedDomains.length && !s.allowedDomains.includes(domain)) throw new ForbiddenException(`Email addresses at ${domain} may not sign in here`);

    const user = (await this.users.findByOidcSubject(sub)) ?? (await this.linkOrCreate(sub, email, claims));
    if (!user.active) throw new ForbiddenException('This account is deactivated');
    await this.applyClaims(s, user, claims);
    return (await this.users.findById(user.id))!;
  }

  private async linkOrCreate(sub: string, email: string, claims: Record<string, unknown>): Promise<User> {
    const existing = await this.users.findByEmail(email);
    if (existing) {
      if (existing.oidcSubject && existing.oidcSubject !== sub) throw new ConflictException('This email address belongs to another single sign-on identity');
      return this.audit.transaction(async (tx) => {
        tx.record({ action: 'user.sso.link', targetType: 'user', targetId: existing.id, actorUserId: existing.id, after: { email, subject: sub }, detail: SSO });
        return (await this.users.update(existing.id, { oidcSubject: sub }, tx.em))!;
      });
    }
    const name = typeof claims.name === 'string' ? claims.name.slice(0, 200) : null;
    try {
      return await this.audit.transaction(async (tx) => {
        const user = await this.users.create({ email, name, passwordHash: null, oidcSubject: sub }, tx.em);
        tx.record({ action: 'user.register', targetType: 'user', targetId: user.id, actorUserId: user.id, after: { email, name, role: user.role, tier: user.tier, method: 'sso', subject: sub } });
        return user;
      });
    } catch (e) {
      // Two first sign-ins at once: the other one created the account.
      if (isUniqueViolation(e)) return (await this.users.findByOidcSubject(sub)) ?? (await this.users.findByEmail(email))!;
      throw e;
    }
  }

  private async applyClaims(s: SsoConfig, user: User, claims: Record<string, unknown>): Promise<void> {
    const access = mapClaims(s.claimMapping, claims);
    const changes = {
      ...(access.role && access.role !== user.role ? { role: access.role } : {}),
      ...(access.tier && access.tier !== user.tier ? { tier: access.tier } : {}),
    };
    if (Object.keys(changes).length) {
      // Through the users service: every replica drops its cached copy, and the last admin is never demoted.
      await this.usersService.update(user.id, changes, { actorUserId: user.id, detail: SSO }).catch((e) => {
        if (!(e instanceof ConflictException)) throw e;
        this.logger.warn(`SSO sign-in of ${user.email}: kept the admin role (${e.message})`);
      });
    }
    const missing = await this.teamMembers.followClaims(user.id, access.teams, access.managedTeams);
    if (missing.length) this.logger.warn(`SSO claim mapping names teams that do not exist: ${missing.join(', ')}`);
  }
}
