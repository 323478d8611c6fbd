import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { HOLD_TTL_MS, MemoryCreditGate, RedisCreditGate, type CreditGate, type UsageRecord } from '@gateway/billing';
import { TEST_REDIS_URL } from '@gateway/testing';

/** The gate on its own, against real Redis and in memory: holds are never leaked and never double-counted. */
const record = (requestId: string, userId: string, costMicros: number): UsageRecord => ({
  requestId, userId, keyId: null, tier: 'free', model: 'm', providerId: null, provider: null, upstreamModel: null, endpoint: '/v1/chat/completions',
  stream: false, status: 200, promptTokens: 10, completionTokens: 10, costMicros, latencyMs: 1, ttftMs: null, attempts: 1, error: null, createdAt: Date.now(),
});

describe.each(['memory', 'redis'] as const)('credit gate (%s)', (kind) => {
  let redis: Redis | undefined;
  let gate: CreditGate;
  const balances = new Map<string, number>();
  const outbox: UsageRecord[] = [];
  const source = { balanceMicros: async (u: string) => balances.get(u) ?? 0, quotaUsedMicros: async () => 0 };

  beforeAll(() => {
    if (kind === 'redis') {
      const prefix = `gwgate${randomUUID().slice(0, 8)}:`;
      redis = new Redis(TEST_REDIS_URL, { keyPrefix: prefix });
      gate = new RedisCreditGate(redis, source, prefix);
    } else gate = new MemoryCreditGate(source, (r) => outbox.push(r));
  });
  afterAll(async () => {
    await redis?.quit();
  });

  const ask = (userId: string, holdMicros: number, extra: Partial<Parameters<CreditGate['admit']>[0]> = {}) => ({
    requestId: randomUUID(), userId, keyId: null, rpm: 0, tpm: 0, holdMicros, quotaMicros: null, ...extra,
  });

  it('holds, then settles exactly once: a second settle of the same request changes nothing', async () => {
    const user = randomUUID();
    balances.set(user, 1000);
    const req = ask(user, 600);
    const first = await gate.admit(req);
    expect(first).toMatchObject({ ok: true, holdMicros: 600 });
    // 400 left: a full 600 hold no longer fits, a partial one does (once).
    expect(await gate.admit(ask(user, 300))).toMatchObject({ ok: true, holdMicros: 300 });
    await gate.settle({ ...req, holdMicros: 600 }, record(req.requestId, user, 500), 20);
    await gate.settle({ ...req, holdMicros: 600 }, record(req.requestId, user, 500), 20);
    // Balance 1000 - 500 = 500, minus the 300 still held: 200 available.
    expect(await gate.admit(ask(user, 150))).toMatchObject({ ok: true, holdMicros: 150 });
  });

  it('releases holds on failure paths (cost 0), so repeated upstream errors never cause phantom 402s', async () => {
    const user = randomUUID();
    balances.set(user, 100);
    for (let i = 0; i < 20; i++) {
      const req = ask(user, 100);
      const res = await gate.admit(req);
      expect(res).toMatchObject({ ok: true, holdMicros: 100 });
      await gate.settle({ ...req, holdMicros: 100 }, { ...record(req.requestId, user, 0), status: 502 }, 0);
    }
    expect(await gate.admit(ask(user, 100))).toMatchObject({ ok: true, holdMicros: 100 });
  });

  it('lets only one under-held request run at a time, refusing the next with credits', async () => {
    const user = randomUUID();
    balances.set(user, 100);
    const partial = ask(user, 80);
    expect(await gate.admit(ask(user, 60))).toMatchObject({ ok: true, holdMicros: 60 });
    expect(await gate.admit(partial)).toMatchObject({ ok: true, holdMicros: 40 });
    expect(await gate.admit(ask(user, 1))).toMatchObject({ ok: false, reason: 'credits' });
    await gate.settle({ ...partial, holdMicros: 40 }, record(partial.requestId, user, 0), 0);
    expect(await gate.admit(ask(user, 50))).toMatchObject({ ok: true, holdMicros: 40 });
  });

  it("sweeps a dead process's holds after their deadline", async () => {
    const user = randomUUID();
    balances.set(user, 100);
    expect(await gate.admit(ask(user, 100))).toMatchObject({ ok: true, holdMicros: 100 });
    expect(await gate.admit(ask(user, 10))).toMatchObject({ ok: false, reason: 'credits' });
    expect(await gate.sweep(Date.now() + 1000)).toBe(0);
    expect(await gate.sweep(Date.now() + HOLD_TTL_MS + 1000)).toBeGreaterThanOrEqual(1);
    expect(await gate.admit(ask(user, 10))).toMatchObject({ ok: true, holdMicros: 10 });
  });

  it('counts requests per minute and tokens per minute, answering with the limit state', async () => {
    const user = randomUUID();
    balances.set(user, 0);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await gate.admit(ask(user, 0, { rpm: 3, keyId: `k-${user}` })));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(results[0].rateLimit).toMatchObject({ limit: 3, remaining: 2 });
    expect(results[3]).toMatchObject({ ok: false, reason: 'rpm', rateLimit: { limit: 3, remaining: 0 } });

    const tokenUser = randomUUID();
    const req = ask(tokenUser, 0, { tpm: 100 });
    expect((await gate.admit(req)).ok).toBe(true);
    await gate.settle({ ...req, holdMicros: 0 }, record(req.requestId, tokenUser, 0), 150);
    expect(await gate.admit(ask(tokenUser, 0, { tpm: 100 }))).toMatchObject({ ok: false, reason: 'tpm' });
  });
});
