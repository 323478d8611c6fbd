import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import type { UsageRecord } from '../usage-record';
import { AdmitRequest, AdmitResult, BalanceSource, CreditGate, HOLD_TTL_MS, RATE_WINDOW_MS } from './credit-gate';
import { ADMIT, LOAD, SETTLE, SWEEP } from './redis-gate.lua';

export const OUTBOX_LIST = 'usage:outbox';
const HOLDS = 'holds';

/**
 * A Lua script called by EVALSHA directly (loaded on NOSCRIPT): ioredis's defineCommand
 * wrapper allocates ~7 KB and a few µs per call, twice per gateway request.
 */
class LuaScript {
  private readonly sha: string;

  constructor(
    private readonly redis: Redis,
    private readonly lua: string,
    private readonly keys: number,
  ) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run<T>(...args: (string | number)[]): Promise<T> {
    try {
      return (await this.redis.evalsha(this.sha, this.keys, ...args)) as T;
    } catch (e) {
      if (!String((e as Error).message).startsWith('NOSCRIPT')) throw e;
      await this.redis.script('LOAD', this.lua);
      return (await this.redis.evalsha(this.sha, this.keys, ...args)) as T;
    }
  }
}

/** The gate shared by every replica: one Lua call admits (limits + hold), one settles (release + charge + outbox). */
export class RedisCreditGate implements CreditGate {
  private readonly admitScript: LuaScript;
  private readonly settleScript: LuaScript;
  private readonly loadScript: LuaScript;
  private readonly sweepScript: LuaScript;

  constructor(
    private readonly redis: Redis,
    private readonly source: BalanceSource,
    private readonly keyPrefix: string,
  ) {
    this.admitScript = new LuaScript(redis, ADMIT, 5);
    this.settleScript = new LuaScript(redis, SETTLE, 6);
    this.loadScript = new LuaScript(redis, LOAD, 1);
    this.sweepScript = new LuaScript(redis, SWEEP, 1);
  }

  async admit(req: AdmitRequest): Promise<AdmitResult> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = Date.now();
      const [status, value, limit, remaining, reset] = await this.admitScript.run<[number, string | number, number, number, number]>(
        ...keys(req),
        now,
        req.rpm,
        req.tpm,
        req.holdMicros,
        req.quotaMicros ?? -1,
        member(req),
        now + HOLD_TTL_MS,
        RATE_WINDOW_MS,
      );
      const rateLimit = limit > 0 ? { limit, remaining, resetSeconds: reset } : null;
      if (status === 1) return { ok: true, holdMicros: Number(value), rateLimit };
      if (status === 0) return { ok: false, reason: value as 'rpm' | 'tpm' | 'credits' | 'quota', retryAfterSeconds: Math.max(reset, 1), rateLimit };
      // Not loaded yet: fetch the committed figure from the database, then try again.
      if (status === -1) await this.loadScript.run(`bal:${req.userId}`, 'b', await this.source.balanceMicros(req.userId));
      else await this.loadScript.run(`kq:${req.keyId}`, 'u', await this.source.quotaUsedMicros(req.keyId!));
    }
    throw new Error('credit gate: balance could not be loaded');
  }

  async settle(req: AdmitRequest & { holdMicros: number }, record: UsageRecord, tokens: number): Promise<void> {
    const [rpmKey, tpmKey, balKey, quotaKey, holdsKey] = keys(req);
    void rpmKey;
    await this.settleScript.run(
      balKey,
      quotaKey,
      holdsKey,
      tpmKey,
      `settled:${req.requestId}`,
      OUTBOX_LIST,
      `${member(req)}|${req.holdMicros}`,
      req.holdMicros,
      record.costMicros,
      tokens,
      Date.now(),
      req.quotaMicros !== null && req.keyId ? 1 : 0,
      RATE_WINDOW_MS,
      JSON.stringify(record),
      member(req),
    );
  }

  async credit(userId: string, micros: number): Promise<void> {
    // Only adjust a loaded balance; an unloaded one is read from the database (grant included) on first use.
    await this.redis.eval("if redis.call('HEXISTS', KEYS[1], 'b') == 1 then redis.call('HINCRBY', KEYS[1], 'b', ARGV[1]) end return 1", 1, `bal:${userId}`, micros);
  }

  async sweep(now = Date.now()): Promise<number> {
    return this.sweepScript.run<number>(HOLDS, now, this.keyPrefix);
  }
}

const subject = (req: AdmitRequest) => req.keyId ?? `u:${req.userId}`;

function keys(req: AdmitRequest): [string, string, string, string, string] {
  return [`rl:${subject(req)}:r`, `rl:${subject(req)}:t`, `bal:${req.userId}`, `kq:${req.keyId ?? 'none'}`, HOLDS];
}

/** `userId|keyId-if-quota|requestId`; the hold amount is appended by the script. */
function member(req: AdmitRequest): string {
  return `${req.userId}|${req.quotaMicros !== null && req.keyId ? req.keyId : ''}|${req.requestId}`;
}
