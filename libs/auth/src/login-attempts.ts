import { createHash } from 'node:crypto';
import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { RedisClient } from '@gateway/cache';

/** 429 with the seconds to wait; the API's error filter sends them as Retry-After. */
export class RetryLaterException extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    status = HttpStatus.TOO_MANY_REQUESTS,
  ) {
    super(message, status);
  }
}

// Count a failure and, from the limit on, lock the account for 1 s, 2 s, 4 s … up to the cap.
const FAIL = `
local n = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
local over = n - tonumber(ARGV[1])
if over < 0 then return 0 end
local lock = math.min(1000 * 2 ^ math.min(over, 30), tonumber(ARGV[2]))
redis.call('SET', KEYS[2], '1', 'PX', lock)
return lock
`;
const FAILURES_KEPT_MS = 24 * 3600_000;

/**
 * Failed logins per account (the email, known or not, so a lock says nothing about whether it
 * exists), across every address and replica: the per-IP throttle stops one client, this stops
 * a password guess spread over many. Shared through Redis when there is one.
 */
export class LoginAttempts {
  private readonly logger = new Logger('LoginAttempts');
  private readonly memory = new Map<string, { failures: number; lockedUntil: number; expires: number }>();

  constructor(
    private readonly redis: RedisClient,
    private readonly maxFailures: number,
    private readonly maxLockSeconds: number,
  ) {}

  /** Throws 429 with Retry-After while the account is locked. */
  async assertOpen(email: string): Promise<void> {
    const id = account(email);
    let lockedMs = 0;
    if (this.redis) {
      lockedMs = await this.redis.pttl(`login:lock:${id}`).catch((e: Error) => this.unavailable(e));
    } else {
      const entry = this.entry(id);
      lockedMs = entry ? entry.lockedUntil - Date.now() : 0;
    }
    if (lockedMs > 0) {
      const seconds = Math.ceil(lockedMs / 1000);
      throw new RetryLaterException(`Too many failed logins for this account; retry in ${seconds} s`, seconds);
    }
  }

  async failed(email: string): Promise<void> {
    const id = account(email);
    const maxLockMs = this.maxLockSeconds * 1000;
    if (this.redis) {
      await this.redis.eval(FAIL, 2, `login:fail:${id}`, `login:lock:${id}`, this.maxFailures, maxLockMs, FAILURES_KEPT_MS).catch((e: Error) => this.unavailable(e));
      return;
    }
    const now = Date.now();
    const entry = this.entry(id) ?? { failures: 0, lockedUntil: 0, expires: 0 };
    entry.failures++;
    entry.expires = now + FAILURES_KEPT_MS;
    const over = entry.failures - this.maxFailures;
    if (over >= 0) entry.lockedUntil = now + Math.min(1000 * 2 ** Math.min(over, 30), maxLockMs);
    this.memory.set(id, entry);
    if (this.memory.size > 100_000) this.prune(now);
  }

  async succeeded(email: string): Promise<void> {
    const id = account(email);
    if (this.redis) await this.redis.del(`login:fail:${id}`).catch((e: Error) => this.unavailable(e));
    else this.memory.delete(id);
  }

  private entry(id: string) {
    const entry = this.memory.get(id);
    if (entry && entry.expires < Date.now()) this.memory.delete(id);
    return entry && entry.expires >= Date.now() ? entry : undefined;
  }

  private prune(now: number): void {
    for (const [id, entry] of this.memory) if (entry.expires < now) this.memory.delete(id);
  }

  // Redis unreachable: logins go on (PostgreSQL and the password decide); the per-IP throttle still applies.
  private unavailable(e: Error): 0 {
    this.logger.warn(`login attempt store unavailable: ${e.message}`);
    return 0;
  }
}

const account = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
