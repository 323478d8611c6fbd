import { ConflictException, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AuditService, type AuditEntry } from '@gateway/audit';
import { REDIS, type RedisClient } from '@gateway/cache';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import type { TokenPair } from '@gateway/contracts';
import { toUserView, User, UsersRepository } from '@gateway/users';
import type { EntityManager } from 'typeorm';
import { RegisterDto } from './dto/register.dto';
import { LoginAttempts } from './login-attempts';
import { SsoSettingsService } from './oidc/sso-settings.service';
import { PasswordHasher } from './password-hasher';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import type { LoginMethod } from './entities/refresh-token.entity';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
// A real hash to verify against when the email is unknown, so timing does not reveal which emails exist.
let dummyHash: Promise<string> | undefined;

@Injectable()
export class AuthService {
  private readonly hasher: PasswordHasher;
  private readonly attempts: LoginAttempts;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) redis: RedisClient,
    private readonly users: UsersRepository,
    private readonly tokens: RefreshTokensRepository,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly sso: SsoSettingsService,
  ) {
    this.hasher = new PasswordHasher(config.auth.passwordHashConcurrency);
    this.attempts = new LoginAttempts(redis, config.auth.loginMaxFailures, config.auth.loginLockMaxSeconds);
  }

  hashPassword(password: string) {
    return this.hasher.hash(password);
  }

  async register(dto: RegisterDto): Promise<User> {
    await this.assertPasswordLogin(dto.email);
    if (await this.users.findByEmail(dto.email)) throw new ConflictException('An account with this email already exists');
    const passwordHash = await this.hashPassword(dto.password);
    try {
      return await this.audit.transaction(async (tx) => {
        const user = await this.users.create({ email: dto.email, name: dto.name ?? null, passwordHash }, tx.em);
        tx.record({ action: 'user.register', targetType: 'user', targetId: user.id, actorUserId: user.id, after: { email: user.email, name: user.name, role: user.role, tier: user.tier } });
        return user;
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw new ConflictException('An account with this email already exists');
      throw e;
    }
  }

  async login(email: string, password: string): Promise<TokenPair> {
    const policy = await this.assertPasswordLogin(email).catch(async (e) => {
      await this.audit.record(loginFailed(email, null, 'password sign-in turned off (SSO required)'));
      throw e;
    });
    await this.attempts.assertOpen(email).catch(async (e) => {
      await this.audit.record(loginFailed(email, null, 'locked'));
      throw e;
    });
    const user = await this.users.findByEmail(email);
    const hash = user?.passwordHash ?? (await (dummyHash ??= this.hashPassword(randomUUID())));
    const valid = await this.hasher.verify(hash, password);
    if (!user || !valid) {
      await this.attempts.failed(email);
      await this.audit.record(loginFailed(email, user?.id ?? null, user ? 'wrong password' : 'unknown email'));
      throw new UnauthorizedException('Invalid email or password');
    }
    await this.attempts.succeeded(email);
    if (!user.active) {
      await this.audit.record(loginFailed(email, user.id, 'deactivated'));
      throw new ForbiddenException('This account is deactivated');
    }
    if (policy.breakGlass && user.role !== 'admin') {
      await this.audit.record(loginFailed(email, user.id, 'break-glass email of an account that is not an admin (SSO required)'));
      throw new ForbiddenException(`Password sign-in is turned off: sign in with ${policy.displayName}`);
    }
    return this.audit.transaction(async (tx) => {
      tx.record({ action: 'auth.login', targetType: 'user', targetId: user.id, actorUserId: user.id, after: { email: user.email, method: 'password' } });
      return this.issue(user, randomUUID(), 'password', tx.em);
    });
  }

  /** Rotate a refresh token. Presenting one that was already used revokes its whole family (stolen-token defence). */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const row = await this.tokens.findByHash(sha256(refreshToken));
    if (!row) throw new UnauthorizedException('Invalid refresh token');
    if (row.usedAt || row.revokedAt || !(await this.tokens.markUsed(row.id))) {
      await this.audit.transaction(async (tx) => {
        const revoked = await this.tokens.revokeFamily(row.familyId, tx.em);
        tx.record({ action: 'auth.refresh.reuse', targetType: 'user', targetId: row.userId, actorUserId: row.userId, after: { familyId: row.familyId, tokensRevoked: revoked } });
      });
      throw new UnauthorizedException('Refresh token reuse detected: this login has been revoked');
    }
    if (row.expiresAt.getTime() <= Date.now()) throw new UnauthorizedException('Refresh token expired');
    const user = await this.users.findById(row.userId);
    if (!user) throw new UnauthorizedException('Invalid refresh token');
    if (!user.active) throw new ForbiddenException('This account is deactivated');
    // A password login opened before "SSO required" was turned on ends at its next refresh.
    if (row.method === 'password') await this.endRefusedPasswordLogin(user, row.familyId);
    return this.issue(user, row.familyId, row.method);
  }

  async logout(refreshToken: string): Promise<void> {
    const row = await this.tokens.findByHash(sha256(refreshToken));
    if (!row) return;
    await this.audit.transaction(async (tx) => {
      const revoked = await this.tokens.revokeFamily(row.familyId, tx.em);
      tx.record({ action: 'auth.logout', targetType: 'user', targetId: row.userId, actorUserId: row.userId, after: { familyId: row.familyId, tokensRevoked: revoked } });
    });
  }

  /** A new login (token family) for a user the caller has already authenticated (single sign-on). */
  startSession(user: User): Promise<TokenPair> {
    return this.issue(user, randomUUID(), 'sso');
  }

  /** Decided by the email alone, before any lookup, so the answer says nothing about which accounts exist. */
  private async assertPasswordLogin(email: string): Promise<{ breakGlass: boolean; displayName: string }> {
    const policy = await this.sso.passwordLoginAllowed(email);
    if (!policy.allowed) throw new ForbiddenException(`Password sign-in is turned off: sign in with ${policy.displayName}`);
    return policy;
  }

  /** Whether this user's password login may go on (for a refresh): the provider's name when not. */
  private async passwordLoginRefusal(user: User): Promise<string | null> {
    const policy = await this.sso.passwordLoginAllowed(user.email);
    if (!policy.allowed) return policy.displayName;
    return policy.breakGlass && user.role !== 'admin' ? policy.displayName : null;
  }

  private async endRefusedPasswordLogin(user: User, familyId: string): Promise<void> {
    const refusedBy = await this.passwordLoginRefusal(user);
    if (!refusedBy) return;
    await this.audit.transaction(async (tx) => {
      const revoked = await this.tokens.revokeFamily(familyId, tx.em);
      const reason = 'password sign-in turned off (SSO required)';
      tx.record({ action: 'auth.refresh.refused', targetType: 'user', targetId: user.id, actorUserId: user.id, after: { familyId, tokensRevoked: revoked, reason } });
    });
    throw new UnauthorizedException(`Password sign-in is turned off: sign in with ${refusedBy}`);
  }

  private async issue(user: User, familyId: string, method: LoginMethod, em?: EntityManager): Promise<TokenPair> {
    const { accessTtlSeconds, refreshTtlSeconds } = this.config.auth;
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role, typ: 'access' }, { expiresIn: accessTtlSeconds });
    const refreshToken = randomBytes(32).toString('base64url');
    await this.tokens.create({
      userId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + refreshTtlSeconds * 1000),
      method,
    }, em);
    return { accessToken, refreshToken, expiresIn: accessTtlSeconds, user: toUserView(user) };
  }
}

/** A refused login: the email tried (known or not), and why. */
const loginFailed = (email: string, userId: string | null, reason: string): AuditEntry => ({
  action: 'auth.login.failed',
  targetType: 'user',
  targetId: userId,
  actorUserId: null,
  after: { email: email.toLowerCase(), reason, method: 'password' },
});
