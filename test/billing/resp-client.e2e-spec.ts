import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { RespClient, RespReplyError } from '@gateway/cache';
import { TEST_REDIS_URL } from '@gateway/testing';

/** The lean connection the credit gate runs its scripts on, against real Redis. */
describe('RespClient', () => {
  const prefix = `gwresp${randomUUID().slice(0, 8)}:`;
  let admin: Redis;
  let client: RespClient;

  beforeAll(() => {
    admin = new Redis(TEST_REDIS_URL);
    client = new RespClient(TEST_REDIS_URL);
  });
  afterAll(async () => {
    client.close();
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.del(...keys);
    await admin.quit();
  });

  it('answers commands sent in one tick in order, with text, integers, nil and arrays', async () => {
    const key = `${prefix}a`;
    const replies = await Promise.all([
      client.call(['SET', key, 'héllo wörld ✓']),
      client.call(['GET', key]),
      client.call(['INCRBY', `${prefix}n`, 41]),
      client.call(['GET', `${prefix}missing`]),
      client.call(['EVAL', "return {1, 'rpm', {2, 3}}", 0]),
    ]);
    expect(replies).toEqual(['OK', 'héllo wörld ✓', 41, null, [1, 'rpm', [2, 3]]]);
    expect(await admin.get(key)).toBe('héllo wörld ✓');
  });

  it('carries values larger than one socket read both ways', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024) + 'é';
    expect(await client.call(['SET', `${prefix}big`, big])).toBe('OK');
    expect(await client.call(['GET', `${prefix}big`])).toBe(big);
  });

  it('rejects an error reply with its message and keeps serving the next command', async () => {
    const failed = client.call(['EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', 0]);
    const next = client.call(['PING']);
    await expect(failed).rejects.toThrow(RespReplyError);
    await expect(failed).rejects.toThrow(/^NOSCRIPT/);
    expect(await next).toBe('PONG');
  });

  it('fails the commands in flight when the connection drops, then reconnects on the next one', async () => {
    const id = (await client.call(['CLIENT', 'ID'])) as number;
    const blocked = client.call(['BLPOP', `${prefix}never`, 10]);
    await new Promise((r) => setTimeout(r, 50));
    await admin.client('KILL', 'ID', String(id));
    await expect(blocked).rejects.toThrow(/Redis connection lost/);
    expect(await client.call(['PING'])).toBe('PONG');
    expect(await client.call(['CLIENT', 'ID'])).not.toBe(id);
  });

  it('authenticates with the user and password of the URL, and selects its database', async () => {
    const user = `gwtest${randomUUID().slice(0, 8)}`;
    await admin.call('ACL', 'SETUSER', user, 'on', '>s3cret pass', '~*', '&*', '+@all');
    try {
      const url = new URL(TEST_REDIS_URL);
      url.username = user;
      url.password = encodeURIComponent('s3cret pass');
      url.pathname = '/3';
      const authed = new RespClient(url.toString());
      expect(await authed.call(['ACL', 'WHOAMI'])).toBe(user);
      await authed.call(['SET', `${prefix}db3`, 'in three']);
      const db3 = new Redis(TEST_REDIS_URL, { db: 3 });
      expect(await db3.get(`${prefix}db3`)).toBe('in three');
      await db3.del(`${prefix}db3`);
      await db3.quit();
      authed.close();

      url.password = 'wrong';
      const refused = new RespClient(url.toString());
      await expect(refused.call(['PING'])).rejects.toThrow(/WRONGPASS/);
      refused.close();
    } finally {
      await admin.call('ACL', 'DELUSER', user);
    }
  });

  it('fails fast, without hanging, when nothing listens; and refuses commands once closed', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise((r) => server.close(r));
    const nowhere = new RespClient(`redis://127.0.0.1:${port}`);
    await expect(nowhere.call(['PING'])).rejects.toThrow(/Redis connection lost: .*ECONNREFUSED/);
    nowhere.close();
    await expect(nowhere.call(['PING'])).rejects.toThrow(/closed/);
    expect(() => new RespClient('http://127.0.0.1:6379')).toThrow(/Not a Redis URL/);
  });
});
