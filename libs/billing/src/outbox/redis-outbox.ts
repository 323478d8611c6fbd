import { randomUUID } from 'node:crypto';
import { RespClient, RespScript } from '@gateway/cache';
import { OUTBOX_LIST } from '../gate/redis-gate';
import type { OutboxBatch, UsageOutbox } from './usage-outbox';

const CLAIMS = 'usage:claims';
const STALE_MS = 60_000;

// Move up to N records into this process's claim list and note when, in one step.
const CLAIM = `
local items = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
if #items == 0 then return items end
redis.call('LTRIM', KEYS[1], #items, -1)
redis.call('RPUSH', KEYS[2], unpack(items))
redis.call('ZADD', KEYS[3], ARGV[2], KEYS[2])
return items
`;

// Put back the claim lists of processes that stopped acking.
const RECOVER = `
local stale = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
local moved = 0
for _, list in ipairs(stale) do
  local items = redis.call('LRANGE', list, 0, -1)
  if #items > 0 then redis.call('RPUSH', KEYS[1], unpack(items)); moved = moved + #items end
  redis.call('DEL', list); redis.call('ZREM', KEYS[2], list)
end
return moved
`;

// Give this process's claim back to the outbox (the database write failed).
const RETURN_CLAIM = `
local items = redis.call('LRANGE', KEYS[2], 0, -1)
if #items > 0 then redis.call('RPUSH', KEYS[1], unpack(items)) end
redis.call('DEL', KEYS[2]); redis.call('ZREM', KEYS[3], ARGV[1])
return #items
`;

// This process's claim is written: drop it.
const ACK = `
redis.call('DEL', KEYS[1]); redis.call('ZREM', KEYS[2], KEYS[1])
return 1
`;

/**
 * The outbox list the settlement script pushes to, drained in batches by any replica.
 * Records stay JSON text from the settlement to the database (never parsed on the way).
 */
export class RedisUsageOutbox implements UsageOutbox {
  /** Full key names (prefixed): the claims zset holds them as they are. */
  private readonly claimList: string;
  private readonly outbox: string;
  private readonly claims: string;
  private readonly claimScript: RespScript;
  private readonly ackScript: RespScript;
  private readonly returnScript: RespScript;
  private readonly recoverScript: RespScript;

  constructor(
    private readonly redis: RespClient,
    keyPrefix: string,
  ) {
    this.claimList = `${keyPrefix}usage:claim:${randomUUID()}`;
    this.outbox = keyPrefix + OUTBOX_LIST;
    this.claims = keyPrefix + CLAIMS;
    this.claimScript = new RespScript(redis, CLAIM, 3);
    this.ackScript = new RespScript(redis, ACK, 2);
    this.returnScript = new RespScript(redis, RETURN_CLAIM, 3);
    this.recoverScript = new RespScript(redis, RECOVER, 2);
  }

  async claim(max: number): Promise<OutboxBatch | null> {
    const json = await this.claimScript.run<string[]>([this.outbox, this.claimList, this.claims, max, Date.now()]);
    if (!json.length) return null;
    return {
      json,
      ack: async () => void (await this.ackScript.run([this.claimList, this.claims])),
      nack: async () => void (await this.returnScript.run([this.outbox, this.claimList, this.claims, this.claimList])),
    };
  }

  async recover(): Promise<number> {
    return this.recoverScript.run<number>([this.outbox, this.claims, Date.now() - STALE_MS]);
  }

  /** After the usage writer's last drain. */
  onApplicationShutdown(): void {
    this.redis.close();
  }
}
