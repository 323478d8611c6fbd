import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
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

/** The outbox list the settlement script pushes to, drained in batches by any replica. */
export class RedisUsageOutbox implements UsageOutbox {
  private readonly claimList: string;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {
    this.claimList = `usage:claim:${randomUUID()}`;
  }

  async claim(max: number): Promise<OutboxBatch | null> {
    const raw = (await this.redis.eval(CLAIM, 3, OUTBOX_LIST, this.claimList, CLAIMS, max, Date.now())) as string[];
    if (!raw.length) return null;
    return {
      records: raw.map((r) => JSON.parse(r)),
      ack: async () => {
        await this.redis.multi().del(this.claimList).zrem(CLAIMS, this.keyPrefix + this.claimList).exec();
      },
      nack: async () => {
        await this.redis.eval(RETURN_CLAIM, 3, OUTBOX_LIST, this.claimList, CLAIMS, this.keyPrefix + this.claimList);
      },
    };
  }

  async recover(): Promise<number> {
    // Claim lists are stored in the zset with their full (prefixed) names; strip the prefix for KEYS use.
    return (await this.redis.eval(RECOVER, 2, OUTBOX_LIST, CLAIMS, Date.now() - STALE_MS)) as number;
  }
}
