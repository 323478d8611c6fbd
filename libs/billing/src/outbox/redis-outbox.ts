import { randomUUID } from 'node:crypto';
import { RespClient, RespScript } from '@gateway/cache';
import { CONFIRMED_LIST, OUTBOX_LIST } from '../gate/redis-gate';
import type { OutboxBatch, UsageOutbox } from './usage-outbox';

const CLAIMS = 'usage:claims';
const ALIVE = 'usage:alive:';
/** A claim this old is given back even if its owner still looks alive (its write hung). */
const STALE_MS = 60_000;
/** An owner's alive key lasts this long; it is renewed every third of it while the process runs. */
const ALIVE_MS = 10_000;
/** Confirmations not taken by then belong to a process that has gone (its successor looks its rows up). */
const CONFIRMED_TTL_MS = 10 * 60_000;

// ARGV: 1 key prefix, 2 ttl ms, then pairs of origin and its ids joined by commas.
const CONFIRM = `
for i = 3, #ARGV, 2 do
  local key = ARGV[1] .. '${CONFIRMED_LIST}:' .. ARGV[i]
  redis.call('RPUSH', key, ARGV[i + 1])
  redis.call('PEXPIRE', key, ARGV[2])
end
return 1
`;
const UNANSWERED_MS = 10_000;

// Move up to N records into a claim list of their own and note when, in one step; the owner is alive.
const CLAIM = `
redis.call('SET', KEYS[4], '1', 'PX', ARGV[3])
local items = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
if #items == 0 then return items end
redis.call('LTRIM', KEYS[1], #items, -1)
redis.call('RPUSH', KEYS[2], unpack(items))
redis.call('ZADD', KEYS[3], ARGV[2], KEYS[2])
return items
`;

// Put back the claim lists of processes that died (their alive key expired), and any claim
// older than ARGV[1] (its owner's write hung). ARGV[2]: the alive keys' prefix.
const RECOVER = `
local claims = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
local moved = 0
for i = 1, #claims, 2 do
  local list = claims[i]
  local owner = string.match(list, 'usage:claim:([%w%-]+):%d+$')
  if tonumber(claims[i + 1]) <= tonumber(ARGV[1]) or not owner or redis.call('EXISTS', ARGV[2] .. owner) == 0 then
    local items = redis.call('LRANGE', list, 0, -1)
    if #items > 0 then redis.call('RPUSH', KEYS[1], unpack(items)); moved = moved + #items end
    redis.call('DEL', list); redis.call('ZREM', KEYS[2], list)
  end
end
return moved
`;

// Give claims back to the outbox (the database write failed, or a reply never came); how many records each had.
const RETURN_CLAIMS = `
local counts = {}
for i, list in ipairs(ARGV) do
  local items = redis.call('LRANGE', list, 0, -1)
  if #items > 0 then redis.call('RPUSH', KEYS[1], unpack(items)) end
  redis.call('DEL', list); redis.call('ZREM', KEYS[2], list)
  counts[i] = #items
end
return counts
`;

// The claim is written: drop it.
const ACK = `
redis.call('DEL', KEYS[1]); redis.call('ZREM', KEYS[2], KEYS[1])
return 1
`;

/**
 * The outbox list the settlement script pushes to, drained in batches by any replica.
 * Records stay JSON text from the settlement to the database (never parsed on the way).
 * Each claim has a list of its own: a claim whose reply never came (a frozen Redis runs it
 * when it resumes) is given back by name, and can never be acknowledged by a later claim's ack.
 */
export class RedisUsageOutbox implements UsageOutbox {
  /** Full key names (prefixed): the claims zset holds them as they are. */
  private readonly claimPrefix: string;
  /** Set while this process runs: once it has expired, any process gives this one's claims back. */
  private readonly aliveKey: string;
  private heartbeat: NodeJS.Timeout | null = null;
  private claimCount = 0;
  /**
   * Claims and acks whose reply never came → when Redis first answered a give-back (0: not yet).
   * Given back before each claim, for a while: the dropped connection's command may run after ours.
   */
  private readonly unanswered = new Map<string, number>();
  private readonly outbox: string;
  private readonly claims: string;
  private readonly claimScript: RespScript;
  private readonly ackScript: RespScript;
  private readonly returnScript: RespScript;
  private readonly recoverScript: RespScript;
  private readonly confirmScript: RespScript;

  constructor(
    private readonly redis: RespClient,
    private readonly keyPrefix: string,
    private readonly aliveMs = ALIVE_MS,
  ) {
    const owner = randomUUID();
    this.claimPrefix = `${keyPrefix}usage:claim:${owner}:`;
    this.aliveKey = `${keyPrefix}${ALIVE}${owner}`;
    this.outbox = keyPrefix + OUTBOX_LIST;
    this.claims = keyPrefix + CLAIMS;
    this.claimScript = new RespScript(redis, CLAIM, 4);
    this.ackScript = new RespScript(redis, ACK, 2);
    this.returnScript = new RespScript(redis, RETURN_CLAIMS, 2);
    this.recoverScript = new RespScript(redis, RECOVER, 2);
    this.confirmScript = new RespScript(redis, CONFIRM, 0);
  }

  /** One push per origin and batch: the ids joined by commas (request ids hold none). */
  async confirm(byOrigin: Record<string, string[]>): Promise<void> {
    const args: Array<string | number> = [this.keyPrefix, CONFIRMED_TTL_MS];
    for (const [origin, ids] of Object.entries(byOrigin)) if (ids.length) args.push(origin, ids.join(','));
    if (args.length > 2) await this.confirmScript.run(args);
  }

  async claim(max: number): Promise<OutboxBatch | null> {
    if (this.unanswered.size) {
      const lists = [...this.unanswered.keys()];
      const counts = await this.giveBack(lists);
      const now = Date.now();
      lists.forEach((list, i) => {
        const since = this.unanswered.get(list) || now;
        if (counts[i] > 0 || now - since >= UNANSWERED_MS) this.unanswered.delete(list);
        else this.unanswered.set(list, since);
      });
    }
    // Renewed apart from the claims, so that a long write does not make its claim look orphaned.
    this.heartbeat ??= setInterval(() => this.redis.call(['SET', this.aliveKey, '1', 'PX', this.aliveMs]).catch(() => undefined), this.aliveMs / 3).unref();
    const list = this.claimPrefix + ++this.claimCount;
    const json = await this.claimScript.run<string[]>([this.outbox, list, this.claims, this.aliveKey, max, Date.now(), this.aliveMs]).catch(this.unansweredFor(list));
    if (!json.length) return null;
    return {
      json,
      ack: () => this.ackScript.run([list, this.claims]).then(() => undefined, this.unansweredFor(list)),
      nack: () => this.giveBack([list]).then(() => undefined, this.unansweredFor(list)),
    };
  }

  /** No reply: the claim may have been made (or the ack not); it is given back, and its records written again (a no-op: rows are unique by request id). */
  private unansweredFor(list: string): (e: unknown) => never {
    return (e) => {
      this.unanswered.set(list, 0);
      throw e;
    };
  }

  private giveBack(lists: string[]): Promise<number[]> {
    return this.returnScript.run<number[]>([this.outbox, this.claims, ...lists]);
  }

  async recover(): Promise<number> {
    return this.recoverScript.run<number>([this.outbox, this.claims, Date.now() - STALE_MS, this.keyPrefix + ALIVE]);
  }

  /** After the usage writer's last drain. */
  onApplicationShutdown(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.redis.close();
  }
}
