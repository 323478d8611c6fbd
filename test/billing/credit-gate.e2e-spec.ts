import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { budgetLimit, CONFIRM_DELAY_MS, HOLD_TTL_MS, MemoryCreditGate, RATE_WINDOW_MS, RedisCreditGate, SettlementJournal, type CreditGate, type UsageRecord } from '@gateway/billing';
import { RespClient } from '@gateway/cache';
import { TEST_REDIS_URL, waitFor } from '@gateway/testing';

/** The gate on its own, against real Redis and in memory: holds are never leaked and never double-counted. */
const record = (requestId: string, userId: string, costMicros: number): UsageRecord => ({
  requestId, userId, keyId: null, tier: 'free', model: 'm', providerId: null, provider: null, upstreamModel: null, endpoint: '/v1/chat/completions',
  stream: false, status: 200, promptTokens: 10, completionTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, usageSource: 'reported', costMicros, latencyMs: 1, ttftMs: null, attempts: 1, error: null, createdAt: Date.now(),
});

describe.each(['memory', 'redis'] as const)('credit gate (%s)', (kind) => {
  let redis: Redis | undefined;
  let gate: CreditGate;
  let journalDir: string | undefined;
  const balances = new Map<string, number>();
  /** Budget figures' committed spend in "PostgreSQL". */
  const spent = new Map<string, number>();
  const outbox: UsageRecord[] = [];
  const source = {
    balanceMicros: async (u: string) => balances.get(u) ?? 0,
    budgetSpentMicros: async (figure: string) => spent.get(figure) ?? 0,
    committed: async (kind: string, id: string, ids: string[]) => ({ micros: kind === 'balance' ? (balances.get(id) ?? 0) : (spent.get(id) ?? 0), recorded: ids }),
    recordedRequestIds: async (ids: string[]) => ids,
  };

  beforeAll(() => {
    if (kind === 'redis') {
      const prefix = `gwgate${randomUUID().slice(0, 8)}:`;
      redis = new Redis(TEST_REDIS_URL, { keyPrefix: prefix });
      journalDir = mkdtempSync(join(tmpdir(), 'gw-journal-'));
      gate = new RedisCreditGate(new RespClient(TEST_REDIS_URL), source, prefix, new SettlementJournal(journalDir), 5);
    } else gate = new MemoryCreditGate(source, (r) => outbox.push(r));
  });
  afterAll(async () => {
    await redis?.quit();
    if (gate instanceof RedisCreditGate) await gate.onApplicationShutdown();
    if (journalDir) rmSync(journalDir, { recursive: true, force: true });
  });

  /** Settle and wait until it is applied (in Redis it is otherwise applied within the batch window). */
  const settle = async (...args: Parameters<CreditGate['settle']>) => {
    await gate.settle(...args);
    await gate.flush();
  };

  const ask = (userId: string, holdMicros: number, extra: Partial<Parameters<CreditGate['admit']>[0]> = {}) => ({
    requestId: randomUUID(), accountId: userId, keyId: null, rpm: 0, tpm: 0, holdMicros, keyBudget: null, accountBudget: null, ...extra,
  });

  it('holds, then settles exactly once: a second settle of the same request changes nothing', async () => {
    const user = randomUUID();
    balances.set(user, 1000);
    const req = ask(user, 600);
    const first = await gate.admit(req);
    expect(first).toMatchObject({ ok: true, holdMicros: 600 });
    // 400 left: a full 600 hold no longer fits, a partial one does (once).
    expect(await gate.admit(ask(user, 300))).toMatchObject({ ok: true, holdMicros: 300 });
    await settle({ ...req, holdMicros: 600 }, record(req.requestId, user, 500), 20);
    await settle({ ...req, holdMicros: 600 }, record(req.requestId, user, 500), 20);
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
      await settle({ ...req, holdMicros: 100 }, { ...record(req.requestId, user, 0), status: 502 }, 0);
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
    await settle({ ...partial, holdMicros: 40 }, record(partial.requestId, user, 0), 0);
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
    await settle({ ...req, holdMicros: 0 }, record(req.requestId, tokenUser, 0), 150);
    expect(await gate.admit(ask(tokenUser, 0, { tpm: 100 }))).toMatchObject({ ok: false, reason: 'tpm' });
  });

  it('holds within a key budget and an account budget, naming the one that is spent, one partial hold at a time', async () => {
    const user = randomUUID();
    const keyId = randomUUID();
    balances.set(user, 1_000_000);
    const keyBudget = budgetLimit('key', keyId, 1000, 'total', Date.now());
    const accountBudget = budgetLimit('user', user, 5000, 'month', Date.now());
    spent.set(accountBudget.figure, 4500);
    const limits = { keyId, keyBudget, accountBudget };
    // The account's month has 500 left: the hold is cut to it, and only one such request may run.
    const first = ask(user, 800, limits);
    expect(await gate.admit(first)).toMatchObject({ ok: true, holdMicros: 500 });
    expect(await gate.admit(ask(user, 800, limits))).toMatchObject({ ok: false, reason: 'budget_account' });
    await settle({ ...first, holdMicros: 500 }, record(first.requestId, user, 300), 10);
    // 200 left of the month, 700 of the key: the month still limits.
    expect(await gate.admit(ask(user, 800, limits))).toMatchObject({ ok: true, holdMicros: 200 });
    // The key alone (no account budget): 700 left of its 1000.
    const keyOnly = ask(user, 800, { keyId, keyBudget, accountBudget: null });
    expect(await gate.admit(keyOnly)).toMatchObject({ ok: true, holdMicros: 500 });
    await settle({ ...keyOnly, holdMicros: 500 }, record(keyOnly.requestId, user, 500), 10);
    expect(await gate.admit(ask(user, 1, { keyId, keyBudget, accountBudget: null }))).toMatchObject({ ok: false, reason: 'budget_key' });
  });

  it('starts a budget afresh in the next period: another figure, loaded from its own committed spend', async () => {
    const user = randomUUID();
    balances.set(user, 1_000_000);
    const lastDay = Date.parse('2027-01-31T23:59:59Z');
    const january = budgetLimit('user', user, 100, 'month', lastDay);
    const february = budgetLimit('user', user, 100, 'month', lastDay + 1000);
    expect(january.figure).not.toBe(february.figure);
    const req = ask(user, 100, { accountBudget: january });
    expect(await gate.admit(req)).toMatchObject({ ok: true, holdMicros: 100 });
    await settle({ ...req, holdMicros: 100 }, record(req.requestId, user, 100), 10);
    expect(await gate.admit(ask(user, 1, { accountBudget: january }))).toMatchObject({ ok: false, reason: 'budget_account' });
    expect(await gate.admit(ask(user, 50, { accountBudget: february }))).toMatchObject({ ok: true, holdMicros: 50 });
  });

  it("counts a team's rpm over all its keys, on top of each key's own", async () => {
    const user = randomUUID();
    const teamId = randomUUID();
    const team = { teamId, teamRpm: 3 };
    if (Date.now() % 60_000 > 55_000) await new Promise((r) => setTimeout(r, 60_500 - (Date.now() % 60_000)));
    for (const keyId of [randomUUID(), randomUUID(), randomUUID()]) expect(await gate.admit(ask(user, 0, { keyId, rpm: 10, ...team }))).toMatchObject({ ok: true });
    expect(await gate.admit(ask(user, 0, { keyId: randomUUID(), rpm: 10, ...team }))).toMatchObject({ ok: false, reason: 'team_rpm' });
    expect(await gate.admit(ask(user, 0, { keyId: randomUUID(), rpm: 10 }))).toMatchObject({ ok: true });
  }, 20_000);

  it("counts a team's tpm over all its keys", async () => {
    const user = randomUUID();
    const team = { teamId: randomUUID(), teamTpm: 100 };
    if (Date.now() % 60_000 > 55_000) await new Promise((r) => setTimeout(r, 60_500 - (Date.now() % 60_000)));
    const req = ask(user, 0, { keyId: randomUUID(), ...team });
    expect((await gate.admit(req)).ok).toBe(true);
    await settle({ ...req, holdMicros: 0 }, record(req.requestId, user, 0), 150);
    expect(await gate.admit(ask(user, 0, { keyId: randomUUID(), ...team }))).toMatchObject({ ok: false, reason: 'team_tpm' });
  }, 20_000);
});

describe('settlement journal (Redis gate)', () => {
  const prefix = `gwjournal${randomUUID().slice(0, 8)}:`;
  const redis = new Redis(TEST_REDIS_URL, { keyPrefix: prefix });
  /** PostgreSQL as the gate sees it: the usage rows "written" (the test plays the usage writer). */
  const written = new Set<string>();
  const spent = new Map<string, number>();
  /** Users' balances in "PostgreSQL": 1000 less what their written rows cost. */
  const dbBalances = new Map<string, number>();
  const dbBalance = (u: string) => dbBalances.get(u) ?? 1000;
  const source = {
    balanceMicros: async (u: string) => dbBalance(u),
    budgetSpentMicros: async (figure: string) => spent.get(figure) ?? 0,
    committed: async (kind: string, id: string, ids: string[]) => ({ micros: kind === 'balance' ? dbBalance(id) : 0, recorded: ids.filter((r) => written.has(r)) }),
    recordedRequestIds: async (ids: string[]) => ids.filter((id) => written.has(id)),
  };
  /** The usage writer's part: every record now in the outbox reaches "PostgreSQL" (once), and its gate hears of it. */
  const writeOutbox = async (only?: string[]) => {
    for (const json of await redis.lrange('usage:outbox', 0, -1)) {
      const r = JSON.parse(json) as UsageRecord;
      if (written.has(r.requestId) || (only && !only.includes(r.requestId))) continue;
      written.add(r.requestId);
      dbBalances.set(r.userId, dbBalance(r.userId) - r.costMicros);
      // As the usage writer does: tell the gate that settled it.
      if (r.origin) await redis.rpush(`usage:confirmed:${r.origin}`, r.requestId);
    }
  };
  const journalFiles = () => readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'gw-journal-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  afterAll(() => redis.quit());

  const balance = async (user: string) => Number(await redis.hget(`bal:${user}`, 'b'));
  const outboxIds = async () => (await redis.lrange('usage:outbox', 0, -1)).map((r) => JSON.parse(r).requestId as string);
  const admitted = async (gate: RedisCreditGate, user: string, holdMicros: number) => {
    const req = { requestId: randomUUID(), accountId: user, keyId: null, rpm: 0, tpm: 0, holdMicros, keyBudget: null, accountBudget: null };
    const result = await gate.admit(req);
    expect(result).toMatchObject({ ok: true, holdMicros });
    return req;
  };

  /** What SIGKILL does to a gate: its timers stop and its journal's liveness socket closes; nothing more is written. */
  const kill = (gate: RedisCreditGate) => {
    const g = gate as unknown as { maintenance: NodeJS.Timeout; timer: NodeJS.Timeout | null; journal: { liveness: { close(): void } }; redis: RespClient };
    clearInterval(g.maintenance);
    if (g.timer) clearTimeout(g.timer);
    g.journal.liveness.close();
    g.redis.close();
  };

  /** A gate as a process would make it at start-up on this data directory. */
  const startGate = (batchMs = 5, on = dir) => new RedisCreditGate(new RespClient(TEST_REDIS_URL), source, prefix, new SettlementJournal(on), batchMs);
  /** Admit (hold 100), settle (cost 100) and apply one request through `gate`. */
  const settleOne = async (gate: RedisCreditGate, user: string) => {
    const req = await admitted(gate, user, 100);
    await gate.settle({ ...req, holdMicros: 100 }, record(req.requestId, user, 100), 20);
    await gate.flush();
    return req;
  };

  it('applies a batch of many settlements in one call as it would each alone: every sum, flag and record exactly once', async () => {
    // Two users, a key with a budget each; the last request is held only in part (its balance's flag must go with it), one is settled twice.
    const gate = startGate(60_000);
    const users = [randomUUID(), randomUUID()];
    const keys = users.map(() => randomUUID());
    const budgets = keys.map((k) => budgetLimit('key', k, 10_000, 'total', Date.now()));
    if (Date.now() % RATE_WINDOW_MS > RATE_WINDOW_MS - 5_000) await new Promise((r) => setTimeout(r, 5_500));
    const window = Math.floor(Date.now() / RATE_WINDOW_MS);
    const admitted: Array<{ req: Parameters<CreditGate['admit']>[0]; hold: number }> = [];
    for (let i = 0; i < 40; i++) {
      const u = i % 2;
      const req = { requestId: randomUUID(), accountId: users[u], keyId: keys[u], rpm: 0, tpm: 0, holdMicros: i === 39 ? 2000 : 10, keyBudget: budgets[u], accountBudget: null };
      const held = await gate.admit(req);
      // User 1's 19 holds of 10 leave 810 of its 1,000 for the last one.
      expect(held).toMatchObject({ ok: true, holdMicros: i === 39 ? 810 : 10 });
      admitted.push({ req, hold: held.ok ? held.holdMicros : 0 });
    }
    // All settled before any is applied (no admission in between): one batch, one script call.
    const settled = admitted.map(({ req, hold }, i) => ({ req, hold, requestId: req.requestId, user: i % 2, cost: i === 39 ? 500 : i + 1, tokens: 5 + i }));
    for (const s of [...settled, settled[7]]) await gate.settle({ ...s.req, holdMicros: s.hold }, record(s.requestId, users[s.user], s.cost), s.tokens);
    expect(await redis.hget(`bal:${users[1]}`, 'p')).not.toBeNull();
    const before = await outboxIds();
    await gate.flush();

    for (const u of [0, 1]) {
      const mine = settled.filter((s) => s.user === u);
      const cost = mine.reduce((sum, s) => sum + s.cost, 0);
      expect(await redis.hmget(`bal:${users[u]}`, 'b', 'r', 'p')).toEqual([String(1000 - cost), '0', null]);
      expect(await redis.hmget(`bg:${budgets[u].figure}`, 'u', 'r', 'p')).toEqual([String(cost), '0', null]);
      expect(Number(await redis.get(`rl:${keys[u]}:t:${window}`))).toBe(mine.reduce((sum, s) => sum + s.tokens, 0));
    }
    const added = (await outboxIds()).slice(before.length);
    expect(added).toEqual(settled.map((s) => s.requestId));
    await gate.onApplicationShutdown();
  });

  it('applies a settlement left in the journal by a process that died before applying it, exactly once', async () => {
    const user = randomUUID();
    // A batch window of a minute: the settlement is only in the journal when the process dies.
    const dead = startGate(60_000);
    const req = await admitted(dead, user, 300);
    await dead.settle({ ...req, holdMicros: 300 }, record(req.requestId, user, 120), 20);
    expect(await balance(user)).toBe(1000);
    expect(await outboxIds()).not.toContain(req.requestId);
    kill(dead);
    expect(journalFiles()).toHaveLength(1);

    const next = startGate();
    await next.flush();
    expect(await balance(user)).toBe(880);
    expect((await outboxIds()).filter((id) => id === req.requestId)).toHaveLength(1);
    // The hold is released: the whole remaining balance can be held again.
    await admitted(next, user, 880);
    // The entry leaves the journal once PostgreSQL has its row, not before.
    await next.onApplicationShutdown();
    expect(journalFiles()).toHaveLength(1);
    await writeOutbox();

    // A third process replays it (a no-op: settled), finds the row written, and the file goes.
    const third = startGate();
    await third.flush();
    expect(await balance(user)).toBe(880);
    await third.onApplicationShutdown();
    expect(journalFiles()).toEqual([]);
  });

  it('keeps a settlement until PostgreSQL has it, and applies it again when Redis loses its data', async () => {
    const user = randomUUID();
    const gate = startGate();
    const req = await settleOne(gate, user);
    expect(await balance(user)).toBe(900);
    // Redis restarts empty before the usage writer moved the record to PostgreSQL.
    const keys = await redis.keys(`${prefix}*`);
    await redis.del(...keys.map((k) => k.slice(prefix.length)));
    expect(await outboxIds()).toEqual([]);
    // Within a maintenance tick the gate sees the loss and applies it again: the balance is not loaded, so the charge waits beside it...
    await waitFor(async () => (await outboxIds()).includes(req.requestId), 5_000, 50);
    expect(await redis.hget(`pend:bal:${user}`, `settled:${req.requestId}`)).toBe('100');
    // ...for the next admission, which loads PostgreSQL's 1000 less the charge it does not have yet.
    await admitted(gate, user, 1);
    expect(await balance(user)).toBe(900);
    expect(await redis.exists(`pend:bal:${user}`)).toBe(0);
    // Still unconfirmed in the journal (no `+` line) a while later...
    const confirmations = () => readFileSync(join(dir, journalFiles()[0]), 'utf8').split('\n').filter((l) => l.startsWith('+'));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(confirmations()).toEqual([]);
    // ...and confirmed once the row is in PostgreSQL; the file goes with the process.
    await writeOutbox();
    await waitFor(() => confirmations().length === 1, 5_000, 50);
    await gate.onApplicationShutdown();
    expect(journalFiles()).toEqual([]);
  });

  it('reads applied settlements back from their journal files when Redis loses its data: many turns, confirmations between them, multi-byte text', async () => {
    const users = [randomUUID(), randomUUID()];
    const gate = startGate();
    /** How many entries the journal file has confirmation lines for. */
    const confirmed = () =>
      readFileSync(join(dir, journalFiles()[0]), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('+'))
        .reduce((n, l) => n + (JSON.parse(l.slice(1)) as number[]).length, 0);
    let settled = 0;
    const settleMany = async (count: number) => {
      const reqs: Array<Awaited<ReturnType<typeof admitted>>> = [];
      for (let i = 0; i < count; i++) reqs.push(await admitted(gate, users[i % 2], 10));
      // Several settlements of one turn share a write; others have one each.
      const settle = (req: (typeof reqs)[number]) => {
        const r = { ...record(req.requestId, req.accountId, 10), model: `modèle-ü-€-${settled++}` };
        return gate.settle({ ...req, holdMicros: 10 }, r, 20);
      };
      await Promise.all(reqs.slice(0, count / 2).map(settle));
      for (const req of reqs.slice(count / 2)) await settle(req);
      await gate.flush();
      return reqs.map((r) => r.requestId);
    };
    const early = await settleMany(20);
    // PostgreSQL gets the first ones: their confirmation line lands between entries.
    await writeOutbox(early);
    await waitFor(() => confirmed() === early.length, 5_000, 50);
    const late = [...(await settleMany(30)), ...(await settleMany(10))];
    for (const user of users) expect(await balance(user)).toBe(1000 - 300);

    const lateIds = new Set<string>(late);
    const original = (await redis.lrange('usage:outbox', 0, -1)).filter((json) => lateIds.has((JSON.parse(json) as UsageRecord).requestId));
    expect(original).toHaveLength(late.length);
    expect(original.join()).toContain('modèle-ü-€-59');

    // Redis restarts empty: the gate reads the unconfirmed lines back and applies them again.
    const keys = await redis.keys(`${prefix}*`);
    await redis.del(...keys.map((k) => k.slice(prefix.length)));
    await waitFor(async () => (await outboxIds()).length === late.length, 5_000, 50);
    // The very records first applied, byte for byte.
    expect((await redis.lrange('usage:outbox', 0, -1)).sort()).toEqual(original.sort());
    // The next admissions load PostgreSQL's balance (the early rows) with the replayed charges beside it.
    for (const user of users) await admitted(gate, user, 1);
    for (const user of users) expect(await balance(user)).toBe(1000 - 300);

    await writeOutbox();
    await waitFor(() => confirmed() === early.length + late.length, 5_000, 50);
    await gate.onApplicationShutdown();
    expect(journalFiles()).toEqual([]);
  });

  it('counts a charge settled while Redis had no balance once, whether PostgreSQL had its row at the next load or not', async () => {
    const gate = startGate();
    const users = [randomUUID(), randomUUID()];
    const reqs = [await admitted(gate, users[0], 100), await admitted(gate, users[1], 100)];
    // Redis restarts empty while both requests run; they settle (cost 40) into a Redis without their balances.
    const keys = await redis.keys(`${prefix}*`);
    await redis.del(...keys.map((k) => k.slice(prefix.length)));
    for (const [i, user] of users.entries()) await gate.settle({ ...reqs[i], holdMicros: 100 }, record(reqs[i].requestId, user, 40), 10);
    await gate.flush();
    expect(await redis.exists(`bal:${users[0]}`, `bal:${users[1]}`)).toBe(0);
    // The first one's row reaches PostgreSQL before the balances are loaded again, the second one's after.
    await writeOutbox([reqs[0].requestId]);
    for (const user of users) await admitted(gate, user, 1);
    expect([await balance(users[0]), await balance(users[1])]).toEqual([960, 960]);
    await writeOutbox();
    expect(users.map(dbBalance)).toEqual([960, 960]);
    await gate.onApplicationShutdown();
  });

  it("releases a dead process's holds as soon as its journal is found, and those of a process whose heartbeat stopped", async () => {
    const user = randomUUID();
    const dead = startGate();
    await admitted(dead, user, 1000);
    kill(dead);
    const next = startGate();
    await next.flush();
    // Not 15 minutes: the hold went with the process.
    await admitted(next, user, 1000);
    await next.onApplicationShutdown();

    // Another host's process (another data directory): known dead when its heartbeat key expires.
    const otherDir = mkdtempSync(join(tmpdir(), 'gw-journal-'));
    const other = startGate(5, otherDir);
    const elsewhere = randomUUID();
    await admitted(other, elsewhere, 1000);
    const instance = (other as unknown as { journal: SettlementJournal }).journal.instance;
    kill(other);
    const here = startGate();
    await here.flush();
    expect(await here.admit({ requestId: randomUUID(), accountId: elsewhere, keyId: null, rpm: 0, tpm: 0, holdMicros: 1, keyBudget: null, accountBudget: null })).toMatchObject({ ok: false, reason: 'credits' });
    expect(await here.sweep()).toBe(0);
    await redis.del(`alive:${instance}`);
    expect(await here.sweep()).toBe(1);
    await admitted(here, elsewhere, 1000);
    await here.onApplicationShutdown();
    rmSync(otherDir, { recursive: true, force: true });
  });

  it('applies a burst of settlements, more than one script call holds, each exactly once', async () => {
    const gate = startGate();
    const users = [randomUUID(), randomUUID(), randomUUID()];
    const outboxBefore = (await outboxIds()).length;
    const requests = [];
    for (let i = 0; i < 300; i++) requests.push(await admitted(gate, users[i % 3], 1));
    // Every settlement twice (a retried call): the second is a no-op.
    for (const req of [...requests, ...requests]) await gate.settle({ ...req, holdMicros: 1 }, record(req.requestId, req.accountId, 2), 5);
    await gate.flush();
    for (const user of users) expect(await balance(user)).toBe(1000 - 100 * 2);
    const ids = (await outboxIds()).slice(outboxBefore);
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
    // The exactly-once markers expire after an hour (one key per request: a day's worth would be gigabytes).
    const ttl = await redis.pttl(`settled:${requests[0].requestId}`);
    expect(ttl).toBeGreaterThan(3_500_000);
    expect(ttl).toBeLessThanOrEqual(3_600_000);
    // Every hold released: the whole remaining balance can be held again.
    for (const user of users) await admitted(gate, user, 800);
    await writeOutbox();
    await gate.onApplicationShutdown();
    expect(journalFiles()).toEqual([]);
  });

  it('gives every rate window counter an expiry (two windows), set when the counter is created', async () => {
    const gate = startGate();
    const keyId = randomUUID();
    const req = { requestId: randomUUID(), accountId: randomUUID(), keyId, rpm: 10, tpm: 1000, holdMicros: 0, keyBudget: null, accountBudget: null };
    // Not across a minute boundary: the counters are per window.
    if (Date.now() % 60_000 > 55_000) await new Promise((r) => setTimeout(r, 60_500 - (Date.now() % 60_000)));
    expect(await gate.admit(req)).toMatchObject({ ok: true });
    expect(await gate.admit({ ...req, requestId: randomUUID() })).toMatchObject({ ok: true, rateLimit: { remaining: 8 } });
    await gate.settle({ ...req, holdMicros: 0 }, record(req.requestId, req.accountId, 0), 40);
    await gate.flush();
    const window = Math.floor(Date.now() / 60_000);
    for (const key of [`rl:${keyId}:r:${window}`, `rl:${keyId}:t:${window}`]) {
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(60_000);
      expect(ttl).toBeLessThanOrEqual(120_000);
    }
    expect(await redis.get(`rl:${keyId}:t:${window}`)).toBe('40');
    await gate.onApplicationShutdown();
  }, 20_000);

  it('refuses to start on a data directory it cannot write, saying which', () => {
    const file = join(dir, 'not-a-directory');
    writeFileSync(file, '');
    expect(() => new SettlementJournal(join(file, 'settlements'))).toThrow(/settlement journal needs a writable directory: .*not-a-directory.*DATA_DIR/);
  });

  it('does not replay settlements PostgreSQL has and the journal confirmed when the process died', async () => {
    const user = randomUUID();
    const dead = startGate();
    const req = await settleOne(dead, user);
    expect(await balance(user)).toBe(900);
    await writeOutbox();
    // Confirmed within a maintenance tick; the confirmation is written alone after CONFIRM_DELAY_MS.
    await new Promise((r) => setTimeout(r, 1_000 + CONFIRM_DELAY_MS + 100));
    kill(dead);
    // The settled marker would stop a double charge anyway; drop it to prove the journal itself skips the entry.
    await redis.del(`settled:${req.requestId}`);
    written.delete(req.requestId);

    const next = startGate();
    await next.flush();
    expect(await balance(user)).toBe(900);
    await next.onApplicationShutdown();
  });

  it('skips a settlement applied just before the process died, its confirmation not yet written', async () => {
    const user = randomUUID();
    const dead = startGate();
    const req = await settleOne(dead, user);
    expect(await balance(user)).toBe(900);
    // Dies at once: the journal still holds the entry unconfirmed, and the next process replays it...
    kill(dead);
    const next = startGate();
    await next.flush();
    // ...which the settled marker turns into a no-op: charged once, logged once, no hold released twice.
    expect(await balance(user)).toBe(900);
    expect((await outboxIds()).filter((id) => id === req.requestId)).toHaveLength(1);
    await admitted(next, user, 900);
    await next.onApplicationShutdown();
  });
});
