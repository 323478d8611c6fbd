/**
 * Webhook deliveries end to end, on real PostgreSQL, once through Redis (BullMQ, the worker's
 * processors) and once in process: signed test events, retries with backoff, giving up, `emit`
 * for users and teams, a delivery whose job was lost being sent by the sweep, and a secret
 * re-sealed after a key rotation.
 */
import { randomUUID } from 'node:crypto';
import { SecretBox } from '@gateway/providers';
import { waitFor } from '@gateway/testing';
import { WebhooksService } from '@gateway/webhooks';
import { sql } from '../support/gateway-setup';
import { WebhookReceiver, verifySignature } from './webhook-receiver';
import { PREVIOUS_KEY, startWebhooksEnv, type User, type WebhooksEnv } from './webhooks-fixture';

describe.each([
  ['through Redis, sent by the worker', true],
  ['without Redis, sent in process', false],
])('webhook deliveries %s', (_mode, redis) => {
  let env: WebhooksEnv;
  let receiver: WebhookReceiver;
  let user: User;

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    env = await startWebhooksEnv(redis);
    user = await env.user();
  }, 60_000);
  afterAll(async () => {
    await env?.close();
    await receiver?.close();
  });

  async function create(path: string, events = ['budget.threshold'], client = user.client, teamId?: string) {
    const res = await client.post('/api/v1/webhooks', { url: receiver.url(path), events, teamId });
    expect(res.status).toBe(201);
    return res.body as { id: string; secret: string };
  }
  const deliveries = async (id: string, client = user.client) => (await client.get(`/api/v1/webhooks/${id}/deliveries`)).body;
  /** The delivery once it is no longer pending. */
  const settled = (webhookId: string, deliveryId: string, client = user.client) =>
    waitFor(async () => {
      const d = (await deliveries(webhookId, client)).items.find((x: { id: string }) => x.id === deliveryId);
      return d && d.status !== 'pending' ? d : null;
    }, 20_000, 50);

  it('sends a test event signed with the secret: the receiver verifies it, the log says delivered', async () => {
    const path = receiver.path(200);
    const hook = await create(path);
    const sent = await user.client.post(`/api/v1/webhooks/${hook.id}/test`);
    expect(sent.status).toBe(202);
    const { deliveryId } = sent.body;

    const got = (await waitFor(() => receiver.at(path)[0], 10_000))!;
    expect(got.headers).toMatchObject({ 'content-type': 'application/json', 'x-gateway-event': 'webhook.test', 'x-gateway-delivery': deliveryId });
    const t = verifySignature(got.headers['x-gateway-signature'], got.raw, hook.secret);
    expect(t).not.toBeNull();
    expect(Math.abs(t! - Date.now() / 1000)).toBeLessThan(60);
    expect(verifySignature(got.headers['x-gateway-signature'], got.raw, 'whsec_not-the-secret')).toBeNull();
    expect(got.body).toEqual({ id: deliveryId, type: 'webhook.test', createdAt: expect.any(String), data: { webhookId: hook.id }, text: expect.stringMatching(/^[^\n]+$/) });

    expect(await settled(hook.id, deliveryId)).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null, nextAttemptAt: null, deliveredAt: expect.any(String), event: 'webhook.test' });
  });

  it('retries a receiver that answers 500 twice: delivered at the third attempt, the same delivery each time', async () => {
    const path = receiver.path(500, 500, 200);
    const hook = await create(path);
    const { deliveryId } = (await user.client.post(`/api/v1/webhooks/${hook.id}/test`)).body;
    expect(await settled(hook.id, deliveryId)).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200 });
    const attempts = receiver.at(path);
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => a.headers['x-gateway-delivery']))).toEqual(new Set([deliveryId]));
    for (const a of attempts) expect(verifySignature(a.headers['x-gateway-signature'], a.raw, hook.secret)).not.toBeNull();
    // Backoff: 3 ms after the first failure, 6 × 3 ms after the second.
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(18 - 2);
  });

  it('gives up after 6 attempts on a receiver that always fails (or is not there), and the secret is in no answer', async () => {
    const path = receiver.path(500);
    const failing = await create(path);
    const closed = (await user.client.post('/api/v1/webhooks', { url: 'http://127.0.0.1:1/nobody', events: ['balance.low'] })).body;
    const ids = await Promise.all([failing, closed].map(async (h) => (await user.client.post(`/api/v1/webhooks/${h.id}/test`)).body.deliveryId));

    const refused = await settled(failing.id, ids[0]);
    expect(refused).toMatchObject({ status: 'failed', attempts: 6, lastStatusCode: 500, lastError: 'HTTP 500: receiver says no', nextAttemptAt: null, deliveredAt: null });
    expect(receiver.at(path)).toHaveLength(6);
    const unreachable = await settled(closed.id, ids[1]);
    expect(unreachable).toMatchObject({ status: 'failed', attempts: 6, lastStatusCode: null, lastError: expect.stringMatching(/ECONNREFUSED/) });

    const answers = JSON.stringify([await deliveries(failing.id), await deliveries(closed.id), (await user.client.get('/api/v1/webhooks')).body]);
    for (const secret of [failing.secret, closed.secret]) expect(answers).not.toContain(secret);
    const rows = await sql(env.t.databaseUrl, 'SELECT w.secret_enc, d.last_error, d.payload::text FROM webhooks w LEFT JOIN webhook_deliveries d ON d.webhook_id = w.id');
    for (const secret of [failing.secret, closed.secret]) expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it('emit: one delivery per enabled webhook of the account subscribed to the event', async () => {
    const service = env.t.app.get(WebhooksService);
    const someone = await env.user();
    const [budgetPath, balancePath, teamPath] = [receiver.path(), receiver.path(), receiver.path()];
    const budget = await create(budgetPath, ['budget.threshold'], someone.client);
    await create(balancePath, ['balance.low'], someone.client);
    const team = await env.team();
    const teamHook = await create(teamPath, ['budget.threshold', 'balance.low'], team.owner.client, team.id);

    const mine = await service.emit({ userId: someone.id }, 'budget.threshold', { budgetUsd: 10, spentUsd: 8, percent: 80 });
    expect(mine).toHaveLength(1);
    const theirs = await service.emit({ teamId: team.id }, 'balance.low', { balanceUsd: 1.5 }, 'Team balance is low: $1.50 left');
    expect(theirs).toHaveLength(1);
    expect(await service.emit({ userId: randomUUID() }, 'balance.low', {})).toEqual([]);

    expect(await settled(budget.id, mine[0], someone.client)).toMatchObject({ status: 'delivered', event: 'budget.threshold' });
    expect(await settled(teamHook.id, theirs[0], team.owner.client)).toMatchObject({ status: 'delivered', event: 'balance.low' });
    expect(receiver.at(budgetPath)[0].body).toMatchObject({ id: mine[0], type: 'budget.threshold', data: { budgetUsd: 10, spentUsd: 8, percent: 80 } });
    expect(receiver.at(teamPath)[0].body).toMatchObject({ type: 'balance.low', text: 'Team balance is low: $1.50 left' });
    expect(receiver.at(balancePath)).toEqual([]);
  });

  it('sends a pending delivery whose job was lost (as after a restart): the sweep enqueues it again', async () => {
    const path = receiver.path();
    const hook = await create(path);
    const id = randomUUID();
    const payload = { id, type: 'budget.threshold', createdAt: new Date().toISOString(), data: {}, text: 'lost and found' };
    await sql(
      env.t.databaseUrl,
      `INSERT INTO webhook_deliveries (id, webhook_id, event, payload, next_attempt_at) VALUES ($1, $2, 'budget.threshold', $3, now() - interval '1 hour')`,
      [id, hook.id, JSON.stringify(payload)],
    );
    expect(await settled(hook.id, id)).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(receiver.at(path).map((r) => r.body.text)).toEqual(['lost and found']);
  });

  it('re-seals a secret still under a rotated-out key, and signs with it all along', async () => {
    const path = receiver.path();
    const hook = await create(path);
    const secret = 'whsec_from-before-the-rotation';
    await sql(env.t.databaseUrl, 'UPDATE webhooks SET secret_enc = $1 WHERE id = $2', [new SecretBox(PREVIOUS_KEY).seal(secret), hook.id]);
    const { deliveryId } = (await user.client.post(`/api/v1/webhooks/${hook.id}/test`)).body;
    await settled(hook.id, deliveryId);
    expect(verifySignature(receiver.at(path)[0].headers['x-gateway-signature'], receiver.at(path)[0].raw, secret)).not.toBeNull();
    const old = `v1.${SecretBox.keyId(PREVIOUS_KEY)}.`;
    await waitFor(async () => !(await sql(env.t.databaseUrl, 'SELECT secret_enc FROM webhooks WHERE id = $1', [hook.id]))[0].secret_enc.startsWith(old), 10_000, 100);
  });
});
