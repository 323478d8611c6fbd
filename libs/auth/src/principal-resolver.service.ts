import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AuthBudget, AuthKey, AuthTeam, AuthUser } from '@gateway/auth-core';
import { PubSubService } from '@gateway/cache';
import { ApiKey, ApiKeysRepository, hashApiKey, KEY_CHANGED_CHANNEL, looksLikeApiKey } from '@gateway/keys';
import { USER_CHANGED_CHANNEL, UsersRepository } from '@gateway/users';

export type Resolution = { ok: true; user: AuthUser } | { ok: false; status: 401 | 403; message: string };

interface Cached<T> {
  value: T;
  expires: number;
}

/** A cached key, with the resolution last made from it and the owner it was made with. */
interface KeyEntry {
  key: AuthKey;
  owner: AuthUser | null;
  resolution: Resolution | null;
}

const ROTATED = 'This API key has been rotated: use its new secret';
const POSITIVE_TTL_MS = 60_000;
const NEGATIVE_TTL_MS = 5_000;
const MAX_ENTRIES = 50_000;

/**
 * Turns a bearer credential (API key or JWT) into the caller, from an in-process
 * cache: the database is read only on a miss. Changes reach every replica through
 * pub/sub (the cache is dropped whole when the subscription comes back after a break, since
 * changes may have been missed), and entries expire after a minute as a backstop.
 */
@Injectable()
export class PrincipalResolver implements OnModuleInit {
  private readonly keys = new Map<string, Cached<KeyEntry | null>>();
  private readonly users = new Map<string, Cached<AuthUser | null>>();

  constructor(
    private readonly apiKeys: ApiKeysRepository,
    private readonly usersRepo: UsersRepository,
    private readonly jwt: JwtService,
    @Inject(PubSubService) private readonly pubsub: PubSubService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.pubsub.subscribe(KEY_CHANGED_CHANNEL, (hash) => this.keys.delete(hash));
    await this.pubsub.subscribe(USER_CHANGED_CHANNEL, (id) => this.users.delete(id));
    this.pubsub.onResync(() => {
      this.keys.clear();
      this.users.clear();
    });
  }

  /** Extract the credential from `X-API-Key` or `Authorization: Bearer`. */
  credentialFrom(headers: Record<string, string | string[] | undefined>): string | null {
    const apiKey = headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey) return apiKey.trim();
    const auth = headers.authorization;
    if (typeof auth === 'string' && auth.length > 7 && auth.slice(0, 7).toLowerCase() === 'bearer ') return auth.slice(7).trim();
    return null;
  }

  async resolve(credential: string | null, allowKeys = true): Promise<Resolution> {
    if (!credential) return { ok: false, status: 401, message: 'Missing credentials: send Authorization: Bearer <key or token> or X-API-Key' };
    if (looksLikeApiKey(credential)) {
      if (!allowKeys) return { ok: false, status: 403, message: 'This route needs a logged-in session, not an API key' };
      return this.resolveKey(credential);
    }
    return this.resolveToken(credential, 'access');
  }

  /** A signed token of the given type (`access`; `tools` for the tool pages' cookie): its user, checked as for any session. */
  async resolveToken(credential: string, typ: 'access' | 'tools'): Promise<Resolution> {
    let sub: string;
    try {
      const payload = this.jwt.verify<{ sub: string; typ?: string }>(credential);
      if (payload.typ !== typ) throw new Error(`not a token of type ${typ}`);
      sub = payload.sub;
    } catch {
      return { ok: false, status: 401, message: 'Invalid or expired token' };
    }
    const user = await this.user(sub);
    if (!user) return { ok: false, status: 401, message: 'Invalid or expired token' };
    if (!user.active) return { ok: false, status: 403, message: 'This account is deactivated' };
    return { ok: true, user };
  }

  private async resolveKey(plaintext: string): Promise<Resolution> {
    const hash = hashApiKey(plaintext);
    const now = Date.now();
    let hit = this.keys.get(hash);
    if (!hit || hit.expires < now) {
      const row = await this.apiKeys.findByHash(hash);
      const team = row?.teamId ? await this.apiKeys.teamLimits(row.teamId) : null;
      const value = row ? { key: toAuthKey(row, team, hash), owner: null, resolution: null } : null;
      hit = { value, expires: now + (row ? POSITIVE_TTL_MS : NEGATIVE_TTL_MS) };
      remember(this.keys, hash, hit);
    }
    const entry = hit.value;
    if (!entry) return { ok: false, status: 401, message: 'Invalid API key' };
    const key = entry.key;
    if (key.revoked) return { ok: false, status: 401, message: 'This API key has been revoked' };
    if (key.expiresAt !== null && key.expiresAt <= now) return { ok: false, status: 401, message: 'This API key has expired' };
    if (key.retiredAt !== null && key.retiredAt <= now) return { ok: false, status: 401, message: ROTATED };
    // The owner from the cache without waiting a turn when it is there (the usual case).
    const cached = this.freshUser(key.userId, now);
    const user = cached ? cached.value : await this.user(key.userId);
    if (!user) return { ok: false, status: 401, message: 'Invalid API key' };
    if (!user.active) return { ok: false, status: 403, message: 'This account is deactivated' };
    // One answer per (key, owner) pair, made again when either cache entry is replaced.
    if (entry.owner !== user) entry.resolution = { ok: true, user: { ...user, key } };
    entry.owner = user;
    return entry.resolution!;
  }

  /**
   * Why a key may no longer be used, read from the database (not the cache), or null while it
   * may. For requests already running when a change is announced.
   */
  async keyRefusal(hash: string): Promise<string | null> {
    const row = await this.apiKeys.findByHash(hash);
    if (!row || row.revokedAt) return 'This API key has been revoked';
    if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return 'This API key has expired';
    if (row.keyHash !== hash && !(row.previousKeyExpiresAt && row.previousKeyExpiresAt.getTime() > Date.now())) return ROTATED;
    return this.userRefusal(row.userId);
  }

  async userRefusal(id: string): Promise<string | null> {
    const row = await this.usersRepo.findById(id);
    if (!row) return 'This account no longer exists';
    return row.active ? null : 'This account is deactivated';
  }

  /** The user's cache entry if it has not expired. */
  private freshUser(id: string, now: number): Cached<AuthUser | null> | undefined {
    const hit = this.users.get(id);
    return hit && hit.expires >= now ? hit : undefined;
  }

  private async user(id: string): Promise<AuthUser | null> {
    const now = Date.now();
    let hit = this.freshUser(id, now);
    if (!hit) {
      const row = await this.usersRepo.findById(id);
      const value: AuthUser | null = row
        ? { id: row.id, email: row.email, role: row.role, tier: row.tier, active: row.active, budget: budgetOf(row.budgetMicros, row.budgetPeriod) }
        : null;
      hit = { value, expires: now + (row ? POSITIVE_TTL_MS : NEGATIVE_TTL_MS) };
      remember(this.users, id, hit);
    }
    return hit.value;
  }
}

function remember<T>(map: Map<string, T>, id: string, value: T) {
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value as string);
  map.set(id, value);
}

const budgetOf = (micros: number | null, period: AuthBudget['period']): AuthBudget | null => (micros === null ? null : { micros, period });

/** `hash`: the secret presented, the key's current one or one rotated out (whose grace then travels with the cached key). */
function toAuthKey(row: ApiKey, team: AuthTeam | null, hash: string): AuthKey {
  const retired = row.keyHash !== hash;
  return {
    id: row.id,
    hash,
    userId: row.userId,
    teamId: row.teamId,
    team,
    models: row.models,
    budget: budgetOf(row.quotaMicros, row.budgetPeriod),
    rpm: row.rpm,
    tpm: row.tpm,
    expiresAt: row.expiresAt ? row.expiresAt.getTime() : null,
    retiredAt: retired ? (row.previousKeyExpiresAt?.getTime() ?? 0) : null,
    allowedOrigins: row.allowedOrigins,
    revoked: row.revokedAt !== null,
    scopes: row.scopes,
  };
}
