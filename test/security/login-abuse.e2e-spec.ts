/**
 * Password guessing: the per-address throttle keys on the socket's address unless TRUST_PROXY
 * names the proxies whose X-Forwarded-For may be believed, and a per-account limit with a
 * doubling lock holds however many addresses (or replicas) the guesses come from.
 */
import { randomBytes } from 'node:crypto';
import { PasswordHasher } from '@gateway/auth';
import { api, type Res } from '../support/http';
import { startReplicaOf, startTestApp, type TestApp } from '../support/test-app';

const login = (t: TestApp, email: string, password: string, from?: string) =>
  api(t.url).post('/api/v1/auth/login', { email, password }, from ? { 'x-forwarded-for': from } : {});
const randomIp = () => `203.0.${1 + (randomBytes(1)[0] % 250)}.${1 + (randomBytes(1)[0] % 250)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const retryAfter = (res: Res) => Number(res.headers.get('retry-after'));

describe('login abuse', () => {
  it('ignores X-Forwarded-For by default: rotating it does not escape the per-address throttle (login and register)', async () => {
    const t = await startTestApp({ env: { AUTH_THROTTLE_LIMIT: '3', AUTH_LOGIN_MAX_FAILURES: '100' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await login(t, `guess-${i}@example.com`, 'wrong-password', randomIp())).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const registrations: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await api(t.url).post('/api/v1/auth/register', { email: `spam-${i}-${Date.now()}@example.com`, password: 'spam-password-1' }, { 'x-forwarded-for': randomIp() });
        registrations.push(res.status);
      }
      expect(registrations).toEqual([201, 201, 201, 429, 429]);
    } finally {
      await t.close();
    }
  });

  it('believes X-Forwarded-For only from the proxies TRUST_PROXY names', async () => {
    const t = await startTestApp({ env: { AUTH_THROTTLE_LIMIT: '3', AUTH_LOGIN_MAX_FAILURES: '100', TRUST_PROXY: '127.0.0.1/32' } });
    try {
      // Behind a trusted proxy each client address has its own allowance...
      const spread: number[] = [];
      for (let i = 0; i < 6; i++) spread.push((await login(t, `spread-${i}@example.com`, 'wrong-password', `198.51.100.${i + 1}`)).status);
      expect(spread).toEqual([401, 401, 401, 401, 401, 401]);
      // ...and one client behind it is still throttled.
      const one: number[] = [];
      for (let i = 0; i < 5; i++) one.push((await login(t, `one-${i}@example.com`, 'wrong-password', '198.51.100.200')).status);
      expect(one).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await t.close();
    }
  });

  it.each([
    ['in process', false],
    ['shared through Redis by two replicas', true],
  ])('locks an account after repeated failures from any address, doubling the wait, %s', async (_what, redis) => {
    const env = { AUTH_THROTTLE_LIMIT: '1000', AUTH_LOGIN_MAX_FAILURES: '3', TRUST_PROXY: 'loopback' };
    const a = await startTestApp({ redis, env });
    const b = redis ? await startReplicaOf(a, { env }) : a;
    try {
      const email = `victim-${Date.now()}@example.com`;
      expect((await api(a.url).post('/api/v1/auth/register', { email, password: 'right-password-1' })).status).toBe(201);

      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await login(i % 2 ? b : a, email, 'wrong-password', randomIp())).status);
      expect(statuses).toEqual([401, 401, 401]);
      // Locked: even the right password, from a new address, on either replica, waits.
      const locked = await login(b, email, 'right-password-1', randomIp());
      expect(locked.status).toBe(429);
      expect(locked.body.message).toMatch(/Too many failed logins for this account; retry in 1 s/);
      expect(retryAfter(locked)).toBe(1);
      expect((await login(a, email, 'right-password-1', randomIp())).status).toBe(429);

      await sleep(1_100);
      // One more failure doubles the lock.
      expect((await login(a, email, 'wrong-password', randomIp())).status).toBe(401);
      const longer = await login(b, email, 'right-password-1', randomIp());
      expect(longer.status).toBe(429);
      expect(retryAfter(longer)).toBe(2);

      await sleep(2_100);
      expect((await login(b, email, 'right-password-1', randomIp())).status).toBe(200);
      // Success clears the count: a single failure after it does not lock.
      expect((await login(a, email, 'wrong-password', randomIp())).status).toBe(401);
      expect((await login(a, email, 'right-password-1', randomIp())).status).toBe(200);

      // An unknown email locks the same way, so a lock says nothing about which emails exist.
      const ghost = `ghost-${Date.now()}@example.com`;
      const ghostStatuses: number[] = [];
      for (let i = 0; i < 4; i++) ghostStatuses.push((await login(a, ghost, 'wrong-password', randomIp())).status);
      expect(ghostStatuses).toEqual([401, 401, 401, 429]);
    } finally {
      if (b !== a) await b.app.close();
      await a.close();
    }
  });

  it('rejects a TRUST_PROXY it cannot read', async () => {
    await expect(startTestApp({ env: { TRUST_PROXY: 'everyone' } })).rejects.toThrow(/TRUST_PROXY must be false, true, a hop count/);
  });
});

describe('password hashing', () => {
  // Made by the `argon2` package (64 MiB, t=3, p=4) that earlier releases used.
  const LEGACY = '$argon2id$v=19$m=65536,p=4,t=3$CqCoqNkXzN5y+r/oklX7gg$9k01+ldtw2yGOnrWo8iqq+DVcS2aOw5vNuCCoWkNcvA';

  it('verifies hashes made by earlier releases and makes new ones at 19 MiB, t=2', async () => {
    const hasher = new PasswordHasher(2);
    expect(await hasher.verify(LEGACY, 'correct horse battery')).toBe(true);
    expect(await hasher.verify(LEGACY, 'wrong horse battery')).toBe(false);
    expect(await hasher.verify('not-a-hash', 'anything')).toBe(false);
    const fresh = await hasher.hash('correct horse battery');
    expect(fresh).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hasher.verify(fresh, 'correct horse battery')).toBe(true);
  });

  it('runs no more hashes at once than its limit', async () => {
    const hasher = new PasswordHasher(2);
    let running = 0;
    let peak = 0;
    const original = (hasher as unknown as { bounded: <T>(w: () => Promise<T>) => Promise<T> }).bounded.bind(hasher);
    const spy = <T>(work: () => Promise<T>) =>
      original(async () => {
        peak = Math.max(peak, ++running);
        try {
          return await work();
        } finally {
          running--;
        }
      });
    (hasher as unknown as { bounded: typeof spy }).bounded = spy;
    const hashes = await Promise.all(Array.from({ length: 8 }, (_, i) => hasher.hash(`password-${i}`)));
    expect(new Set(hashes).size).toBe(8);
    expect(peak).toBe(2);
  });
});
