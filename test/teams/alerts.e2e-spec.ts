/**
 * Budget and balance alerts: thresholds crossed by concurrent requests raise each event exactly
 * once, delivered signed to the team's webhook (Slack-ready `text`) and listed as notifications for
 * its owners; a grant re-arms the low-balance alert. Through Redis and the worker, and in process.
 */
import { waitFor } from '@gateway/testing';
import { chat, mockSetup, type MockSetup } from '../support/gateway-setup';
import { startReplicaOf, type TestApp } from '../support/test-app';
import { WebhookReceiver, verifySignature, type Received } from '../webhooks/webhook-receiver';
import { startWebhooksEnv, type WebhooksEnv } from '../webhooks/webhooks-fixture';

const hello = [{ role: 'user', content: 'Tell me something about alerts please' }];

describe.each([
  ['through Redis, two replicas', true],
  ['in process', false],
])('alerts %s', (_mode, redis) => {
  let env: WebhooksEnv;
  let replica: TestApp | null = null;
  let receiver: WebhookReceiver;
  let s: MockSetup;
  let cost: number;

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    env = await startWebhooksEnv(redis);
    // A second replica writing its own usage rows: both raise alerts from the same spend.
    if (redis) replica = await startReplicaOf(env.t);
    s = await mockSetup(env.t, { inputPrice: 1, outputPrice: 2, creditsUsd: 1 });
    const one = await (await chat(env.t.url, s.key, { model: s.model, messages: hello, max_tokens: 40 })).json();
    cost = Math.round(one.usage.prompt_tokens + one.usage.completion_tokens * 2);
  }, 60_000);
  afterAll(async () => {
    await replica?.close();
    await env?.close();
    await receiver?.close();
  });

  const events = (path: string, type: string): Received[] => receiver.at(path).filter((r) => r.body.type === type);

  it('raises each budget threshold and the low balance once, signed, with a Slack line, for the team’s owners only', async () => {
    const team = await env.team();
    const budgetUsd = (cost * 10) / 1e6;
    // 16 requests' worth of credit and a mark at 7: the ~10 the budget lets through take it under.
    await env.admin.post('/api/v1/admin/credits/grant', { teamId: team.id, amountUsd: (cost * 16) / 1e6 });
    const set = await team.owner.client.patch(`/api/v1/teams/${team.id}`, { budget: { budgetUsd, period: 'month' }, lowBalanceUsd: (cost * 7) / 1e6 });
    expect(set.status).toBe(200);
    const path = receiver.path(200);
    const hook = (await team.owner.client.post('/api/v1/webhooks', { url: receiver.url(path), events: ['budget.threshold', 'balance.low'], teamId: team.id })).body;
    const key = (await team.owner.client.post('/api/v1/keys', { name: 'team', teamId: team.id })).body.key;

    // 30 at once, spread over the replicas: the budget stops them after about 10.
    const apps = [env.t.url, ...(replica ? [replica.url] : [])];
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => chat(apps[i % apps.length], key, { model: s.model, messages: hello, max_tokens: 40 }).then(async (r) => (await r.text(), r.status))),
    );
    expect(statuses.filter((x) => x === 200).length).toBeGreaterThanOrEqual(5);
    expect(statuses.every((x) => x === 200 || x === 402)).toBe(true);

    await waitFor(() => events(path, 'budget.threshold').length >= 3 && events(path, 'balance.low').length >= 1, 20_000, 50);
    await new Promise((r) => setTimeout(r, 1500)); // anything doubled would arrive by now
    const budget = events(path, 'budget.threshold');
    expect(budget.map((e) => e.body.data.threshold).sort((a, b) => a - b)).toEqual([50, 80, 100]);
    const hundred = budget.find((e) => e.body.data.threshold === 100)!;
    expect(hundred.body.data).toMatchObject({ subject: { type: 'team', id: team.id }, budgetUsd, period: 'month' });
    expect(hundred.body.data.spentUsd).toBeGreaterThanOrEqual(budgetUsd);
    expect(hundred.body.text).toMatch(/^Team "Team" has passed 100% of its monthly budget: \$[\d.]+ of \$[\d.]+ spent \(resets \d{4}-\d{2}-01\)$/);
    for (const e of receiver.at(path)) expect(verifySignature(e.headers['x-gateway-signature'], e.raw, hook.secret)).not.toBeNull();
    const low = events(path, 'balance.low');
    expect(low).toHaveLength(1);
    expect(low[0].body.data).toMatchObject({ account: { type: 'team', id: team.id }, thresholdUsd: (cost * 7) / 1e6 });
    expect(low[0].body.text).toMatch(/^Team "Team" has a balance of \$[\d.]+, below its alert mark of \$[\d.]+$/);

    // The owner sees them as notifications; the member and an outsider do not.
    const mine = (await team.owner.client.get('/api/v1/notifications')).body;
    expect(mine.items.filter((n: { teamId: string }) => n.teamId === team.id)).toHaveLength(4);
    // Newest first: thresholds crossed in one batch list in the order they were crossed, reversed.
    const thresholds = mine.items.filter((n: any) => n.type === 'budget.threshold').map((n: any) => n.data.threshold);
    expect(thresholds).toEqual([...thresholds].sort((a, b) => b - a));
    expect((await team.member.client.get('/api/v1/notifications')).body.total).toBe(0);
    expect((await (await env.user()).client.get(`/api/v1/notifications?teamId=${team.id}`)).body.total).toBe(0);
    expect((await env.admin.get(`/api/v1/notifications?teamId=${team.id}`)).body.total).toBe(4);

    // A grant lifts the balance over the mark (about 10 requests' worth): spending under it again alerts again, once.
    await env.admin.post('/api/v1/admin/credits/grant', { teamId: team.id, amountUsd: (cost * 4) / 1e6 });
    await team.owner.client.patch(`/api/v1/teams/${team.id}`, { budget: null });
    for (let i = 0; i < 6; i++) await chat(env.t.url, key, { model: s.model, messages: hello, max_tokens: 40 }).then((r) => r.text());
    await waitFor(() => events(path, 'balance.low').length >= 2, 20_000, 50);
    await new Promise((r) => setTimeout(r, 1000));
    expect(events(path, 'balance.low')).toHaveLength(2);
    expect(events(path, 'budget.threshold')).toHaveLength(3);
  }, 60_000);
});
