import { randomUUID } from 'node:crypto';
import { OUTBOX_LIST, RedisUsageOutbox } from '@gateway/billing';
import { RespClient } from '@gateway/cache';
import { TEST_REDIS_URL } from '@gateway/testing';

/**
 * The Redis usage outbox's claims, against a real Redis: records claimed by a process that
 * dies before writing them come back for another writer once its alive key has expired, not
 * a minute later; a live writer's claim stays its own however long its write takes.
 */
describe('Redis usage outbox: claims of a process that died', () => {
  const ALIVE_MS = 600;
  const prefix = `gwtest-outbox-${randomUUID().slice(0, 8)}:`;
  const clients: RespClient[] = [];
  const outboxes: RedisUsageOutbox[] = [];
  const client = () => {
    const c = new RespClient(TEST_REDIS_URL, 2_000);
    clients.push(c);
    return c;
  };
  const outbox = () => {
    const o = new RedisUsageOutbox(client(), prefix, ALIVE_MS);
    outboxes.push(o);
    return o;
  };
  const admin = client();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const records = (n: number) => Array.from({ length: n }, () => JSON.stringify({ requestId: randomUUID() }));

  afterAll(async () => {
    const keys = (await admin.call(['KEYS', `${prefix}*`])) as string[];
    if (keys.length) await admin.call(['DEL', ...keys]);
    for (const o of outboxes) o.onApplicationShutdown();
    admin.close();
  });

  it("gives a dead writer's claim to another writer once its alive key has expired", async () => {
    const sent = records(3);
    await admin.call(['RPUSH', prefix + OUTBOX_LIST, ...sent]);
    const dying = outbox();
    const batch = await dying.claim(10);
    expect(batch?.json).toEqual(sent);
    dying.onApplicationShutdown(); // dies without acking: no more heartbeats

    const survivor = outbox();
    expect(await survivor.recover()).toBe(0); // the owner may still be writing
    expect(await survivor.claim(10)).toBeNull();
    await sleep(ALIVE_MS + 200);
    expect(await survivor.recover()).toBe(3);
    const again = await survivor.claim(10);
    expect(again?.json).toEqual(sent);
    await again!.ack();
    expect(await admin.call(['ZCARD', `${prefix}usage:claims`])).toBe(0);
  });

  it("leaves a live writer's claim alone while its write takes longer than the alive key lasts", async () => {
    const sent = records(2);
    await admin.call(['RPUSH', prefix + OUTBOX_LIST, ...sent]);
    const slow = outbox();
    const batch = await slow.claim(10);
    expect(batch?.json).toEqual(sent);
    const other = outbox();
    await sleep(ALIVE_MS * 3);
    expect(await other.recover()).toBe(0);
    expect(await other.claim(10)).toBeNull();
    await batch!.ack();
    expect(await admin.call(['LLEN', prefix + OUTBOX_LIST])).toBe(0);
    expect(await admin.call(['ZCARD', `${prefix}usage:claims`])).toBe(0);
  });
});
