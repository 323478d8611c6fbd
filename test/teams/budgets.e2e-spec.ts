/**
 * Budgets (spend limits) on a key, a user and a team, per day, week, month or in total: refused
 * with a 402 naming the budget and its reset once spent, admitted again in the next period (the
 * request clock moved to the boundary), in one process and on Redis; concurrent requests spend
 * past a budget by at most one request.
 */
import { randomUUID } from 'node:crypto';
import { clock, periodAt } from '@gateway/billing';
import type { BudgetPeriod } from '@gateway/contracts';
import { chat, ledgerMismatches, mockSetup, sql, type MockSetup } from '../support/gateway-setup';
import { newUser } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';

const hello = [{ role: 'user', content: 'Tell me something about budgets please' }];
const PERIODS: BudgetPeriod[] = ['day', 'week', 'month', 'total'];
/** A Sunday evening at the end of a month: each period's boundary is near. */
const BASE = Date.parse('2027-01-31T23:58:00Z');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each([
  ['in-process state', false],
  ['Redis', true],
])('budgets with %s', (_name, redis) => {
  let t: TestApp;
  let s: MockSetup;
  /** What one request costs, in micro-dollars. */
  let cost: number;
  const realNow = clock.now;

  beforeAll(async () => {
    t = await startTestApp({ redis });
    s = await mockSetup(t, { inputPrice: 1, outputPrice: 2, creditsUsd: 5 });
    const one = await (await chat(t.url, s.key, { model: s.model, messages: hello, max_tokens: 40 })).json();
    cost = Math.round(one.usage.prompt_tokens + one.usage.completion_tokens * 2);
  });
  afterEach(() => (clock.now = realNow));
  afterAll(() => t.close());

  /** A request at `at` (the clock moved there); its status and body; settled before the next one is asked. */
  async function ask(key: string, at: number) {
    clock.now = () => at;
    const res = await chat(t.url, key, { model: s.model, messages: hello, max_tokens: 40 });
    const body = await res.json();
    if (redis) await sleep(50); // settlement follows the response by a few ms
    return { status: res.status, body };
  }

  /** A fresh key to spend with, whose budget (key, user or team) is half a request: one passes, the next is refused. */
  async function spender(owner: 'key' | 'user' | 'team', period: BudgetPeriod) {
    const budget = { budgetUsd: Math.floor(cost / 2) / 1e6, period };
    const user = await newUser(t.url);
    await s.admin.post('/api/v1/admin/credits/grant', { userId: user.id, amountUsd: 1 });
    if (owner === 'team') {
      const team = (await s.admin.post('/api/v1/teams', { name: 'Budgeted', slug: `b-${randomUUID().slice(0, 8)}` })).body;
      await s.admin.post(`/api/v1/teams/${team.id}/members`, { userId: user.id, role: 'owner' });
      await s.admin.post('/api/v1/admin/credits/grant', { teamId: team.id, amountUsd: 1 });
      // The owner sets it, after the key exists: the key's cached team limits must follow.
      const key = (await user.client.post('/api/v1/keys', { name: 'team', teamId: team.id })).body;
      const set = await user.client.patch(`/api/v1/teams/${team.id}`, { budget });
      expect(set.status).toBe(200);
      expect(set.body.budget).toMatchObject({ budgetUsd: budget.budgetUsd, period, alertThresholds: [50, 80, 100], spentUsd: 0 });
      return { key: key.key as string, view: () => user.client.get(`/api/v1/teams/${team.id}`).then((r) => r.body.budget) };
    }
    if (owner === 'user') {
      const key = (await user.client.post('/api/v1/keys', { name: 'personal' })).body;
      expect((await s.admin.patch(`/api/v1/admin/users/${user.id}`, { budget })).status).toBe(200);
      return { key: key.key as string, view: () => user.client.get('/api/v1/users/me').then((r) => r.body.budget) };
    }
    const key = (await user.client.post('/api/v1/keys', { name: 'budgeted', budget })).body;
    expect(key.budget).toMatchObject({ budgetUsd: budget.budgetUsd, period });
    expect(key.quotaUsd).toBe(period === 'total' ? budget.budgetUsd : null);
    return { key: key.key as string, view: () => user.client.get(`/api/v1/keys/${key.id}`).then((r) => r.body.budget) };
  }

  const whose = { key: "This API key's", user: 'Your', team: "The team's" } as const;
  const adjective = { day: 'daily', week: 'weekly', month: 'monthly', total: 'total' } as const;

  for (const owner of ['key', 'user', 'team'] as const) {
    it.each(PERIODS)(`a ${owner} budget per %s: refused when spent, admitted again in the next period`, async (period) => {
      const { key, view } = await spender(owner, period);
      expect((await ask(key, BASE)).status).toBe(200);
      const refused = await ask(key, BASE + 1000);
      expect(refused.status).toBe(402);
      const end = periodAt(period, BASE).end;
      const resets = end ? `it resets at ${end.toISOString()}` : 'it does not reset';
      expect(refused.body.error.message).toContain(`${whose[owner]} ${adjective[period]} budget of $${Math.floor(cost / 2) / 1e6} is spent; ${resets}`);
      expect(refused.body.error.code).toBe(owner === 'key' && period === 'total' ? 'key_quota_exceeded' : 'budget_exceeded');
      // Its view, seen in the same period: spent at least the budget, and the reset.
      clock.now = () => BASE + 2000;
      await waitForView(view, (b) => b.spentUsd >= cost / 1e6);
      expect(await view()).toMatchObject({ resetsAt: end?.toISOString() ?? null });
      // One minute later every period but `total` has begun again (the 1st of February is a Monday).
      const next = await ask(key, BASE + 3 * 60_000);
      expect(next.status).toBe(period === 'total' ? 402 : 200);
    });
  }

  it('spends past a team budget by at most one request when 30 requests arrive at once', async () => {
    const owner = await newUser(t.url);
    const team = (await s.admin.post('/api/v1/teams', { name: 'Busy', slug: `busy-${randomUUID().slice(0, 8)}` })).body;
    await s.admin.post(`/api/v1/teams/${team.id}/members`, { userId: owner.id, role: 'owner' });
    await s.admin.post('/api/v1/admin/credits/grant', { teamId: team.id, amountUsd: 10 });
    const budgetMicros = cost * 3;
    await s.admin.patch(`/api/v1/teams/${team.id}`, { budget: { budgetUsd: budgetMicros / 1e6, period: 'month' } });
    const key = (await owner.client.post('/api/v1/keys', { name: 'busy', teamId: team.id })).body.key;
    const statuses = await Promise.all(Array.from({ length: 30 }, () => chat(t.url, key, { model: s.model, messages: hello, max_tokens: 40 }).then(async (r) => (await r.text(), r.status))));
    const ok = statuses.filter((x) => x === 200).length;
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(ok).toBeLessThanOrEqual(4);
    expect(statuses.filter((x) => x !== 200).every((x) => x === 402)).toBe(true);
    await waitForRows(t.databaseUrl, team.id, 30);
    const [{ spent }] = await sql(t.databaseUrl, 'SELECT COALESCE(SUM(spent_micros), 0)::bigint AS spent FROM budget_spend WHERE subject_id = $1', [team.id]);
    expect(Number(spent)).toBeLessThan(budgetMicros + cost);
    expect(await ledgerMismatches(t.databaseUrl)).toEqual([]);
  });

  it('refuses bad budgets with a 400 naming the field', async () => {
    const bad = [
      { budget: { budgetUsd: 1, period: 'year' } },
      { budget: { budgetUsd: -1, period: 'day' } },
      { budget: { budgetUsd: 1, period: 'day', alertThresholds: [0] } },
      { budget: { budgetUsd: 1, period: 'day', extra: true } },
      { budget: 'lots' },
      { quotaUsd: 5, budget: { budgetUsd: 5, period: 'month' } },
    ];
    for (const body of bad) {
      const res = await s.user.client.post('/api/v1/keys', { name: 'bad', ...body });
      expect([res.status, body]).toEqual([400, body]);
      expect(JSON.stringify(res.body.message)).toMatch(/budget|quota|period|alertThresholds|property extra/);
    }
    // The older quotaUsd and a matching total budget agree.
    expect((await s.user.client.post('/api/v1/keys', { name: 'same', quotaUsd: 5, budget: { budgetUsd: 5, period: 'total' } })).status).toBe(201);
  });
});

async function waitForView(view: () => Promise<{ spentUsd: number } | null>, done: (b: { spentUsd: number }) => boolean) {
  for (let i = 0; i < 50; i++) {
    const b = await view();
    if (b && done(b)) return;
    await sleep(100);
  }
  throw new Error(`budget view never showed the spend: ${JSON.stringify(await view())}`);
}

async function waitForRows(databaseUrl: string, teamId: string, count: number) {
  for (let i = 0; i < 100; i++) {
    const [{ n }] = await sql(databaseUrl, 'SELECT count(*)::int AS n FROM usage_logs WHERE team_id = $1', [teamId]);
    if (n >= count) return;
    await sleep(100);
  }
  throw new Error(`fewer than ${count} usage rows`);
}
