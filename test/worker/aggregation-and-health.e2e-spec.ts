import { createServer } from 'node:net';
import { waitFor } from '@gateway/testing';
import { chat, mockSetup, sql, usageRows } from '../support/gateway-setup';
import { startTestApp, TestApp } from '../support/test-app';

const DAY_MS = 86_400_000;
const yesterday = () => new Date(Date.now() - DAY_MS).toISOString().slice(0, 10);

describe('background jobs in process (no Redis): usage roll-up and provider health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function runAggregate(admin: Awaited<ReturnType<typeof mockSetup>>['admin'], day: string) {
    const queued = await admin.post('/api/v1/admin/usage/aggregate', { from: day, to: day });
    expect(queued.status).toBe(202);
    const id = queued.body.items[0].id;
    return waitFor(async () => {
      const jobs = (await admin.get('/api/v1/admin/jobs?queue=usage-aggregate&state=completed')).body.items;
      return jobs.find((j: { id: string }) => j.id === id);
    });
  }

  it('rolls a past day into daily rows, idempotently, and reports read them instead of raw rows', async () => {
    const s = await mockSetup(t, { creditsUsd: 1 });
    for (let i = 0; i < 3; i++) expect((await chat(t.url, s.key, { model: s.model, messages: [{ role: 'user', content: `q${i}` }] })).status).toBe(200);
    await usageRows(t.databaseUrl, s.user.id, 3);
    // Move those requests to yesterday, as if made then.
    await sql(t.databaseUrl, "UPDATE usage_logs SET created_at = created_at - interval '1 day' WHERE user_id = $1", [s.user.id]);
    // As if the provider had reported cache and reasoning tokens: the roll-up must carry them too.
    await sql(t.databaseUrl, 'UPDATE usage_logs SET cache_read_tokens = 4, cache_write_tokens = 2, reasoning_tokens = 1, cache_savings_micros = 3 WHERE user_id = $1', [s.user.id]);
    const raw = await sql(t.databaseUrl, 'SELECT sum(prompt_tokens)::int AS p, sum(completion_tokens)::int AS c, sum(cost_micros)::int AS cost FROM usage_logs WHERE user_id = $1', [s.user.id]);

    await runAggregate(s.admin, yesterday());
    const daily = () =>
      sql(
        t.databaseUrl,
        `SELECT day::text, key_id, model, requests, errors, prompt_tokens::int, completion_tokens::int, cost_micros::int, cache_read_tokens::int,
                cache_write_tokens::int, reasoning_tokens::int, cache_savings_micros::int FROM usage_daily WHERE user_id = $1`,
        [s.user.id],
      );
    const first = await daily();
    expect(first).toEqual([
      {
        day: yesterday(),
        key_id: s.keyId,
        model: s.model,
        requests: 3,
        errors: 0,
        prompt_tokens: raw[0].p,
        completion_tokens: raw[0].c,
        cost_micros: raw[0].cost,
        cache_read_tokens: 12,
        cache_write_tokens: 6,
        reasoning_tokens: 3,
        cache_savings_micros: 9,
      },
    ]);

    await runAggregate(s.admin, yesterday());
    expect(await daily()).toEqual(first);

    // Reports now read the complete day from usage_daily: removing the raw rows changes nothing.
    await sql(t.databaseUrl, 'DELETE FROM usage_logs WHERE user_id = $1', [s.user.id]);
    const byDay = await s.user.client.get(`/api/v1/users/me/usage?groupBy=day&from=${yesterday()}&to=${yesterday()}`);
    expect(byDay.body.items).toEqual([
      { group: yesterday(), requests: 3, promptTokens: raw[0].p, completionTokens: raw[0].c, costUsd: raw[0].cost / 1e6, cacheReadTokens: 12, cacheWriteTokens: 6, reasoningTokens: 3, cacheSavingsUsd: 0.000009 },
    ]);
  });

  it('refuses bad ranges with 400 and lists, retries and drops jobs', async () => {
    const s = await mockSetup(t);
    expect((await s.admin.post('/api/v1/admin/usage/aggregate', { from: '2026-13-01', to: '2026-01-01' })).status).toBe(400);
    expect((await s.admin.post('/api/v1/admin/usage/aggregate', { from: '2026-02-01', to: '2026-01-01' })).status).toBe(400);
    expect((await s.user.client.get('/api/v1/admin/jobs')).status).toBe(403);
    const queues = await s.admin.get('/api/v1/admin/queues');
    expect(queues.body.map((q: { queue: string }) => q.queue).sort()).toEqual(['audit-prune', 'provider-health', 'usage-aggregate', 'webhook-delivery', 'webhook-sweep']);
    const done = await runAggregate(s.admin, '2026-01-01');
    expect((await s.admin.post(`/api/v1/admin/jobs/usage-aggregate/${done.id}/retry`)).status).toBe(404); // only failed jobs retry
    expect((await s.admin.get(`/api/v1/admin/jobs/usage-aggregate/${done.id}`)).body).toMatchObject({ id: done.id, state: 'completed', data: { day: '2026-01-01' } });
    expect((await s.admin.delete(`/api/v1/admin/jobs/usage-aggregate/${done.id}`)).status).toBe(204);
    expect((await s.admin.get(`/api/v1/admin/jobs/usage-aggregate/${done.id}`)).status).toBe(404);
    await s.admin.patch(`/api/v1/providers/${s.providerId}`, { enabled: false });
    expect((await s.admin.post('/api/v1/admin/providers/probe', { providerId: s.providerId })).status).toBe(409);
    expect((await s.admin.delete('/api/v1/admin/jobs/no-such-queue/1')).status).toBe(404);
  });

  it('marks a dead provider down after a probe, and routing then skips it for the next target', async () => {
    const s = await mockSetup(t, { creditsUsd: 1 });
    // A port that refuses connections: take one, then close it.
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const dead = (await s.admin.post('/api/v1/providers', { name: `dead-${port}`, type: 'openai-compatible', baseUrl: `http://127.0.0.1:${port}/v1`, timeoutMs: 1000 })).body;
    const model = `routed-${port}`;
    await s.admin.post('/api/v1/models', {
      name: model,
      targets: [{ providerId: dead.id, upstreamModel: 'x', priority: 0 }, { providerId: s.providerId, upstreamModel: 'mock-small', priority: 1 }],
      inputPriceUsdPerMTok: 1,
      outputPriceUsdPerMTok: 1,
    });
    expect((await s.admin.post('/api/v1/admin/providers/probe', { providerId: dead.id })).status).toBe(202);
    const health = await waitFor(async () => {
      const h = (await s.admin.get(`/api/v1/providers/${dead.id}/health`)).body;
      return h.status === 'down' ? h : null;
    });
    expect(health.latest).toMatchObject({ status: 'down', error: expect.stringMatching(/ECONNREFUSED|reach/) });
    expect((await s.admin.get('/api/v1/providers')).body.find((p: { id: string }) => p.id === dead.id).health).toBe('down');

    const res = await chat(t.url, s.key, { model, messages: [{ role: 'user', content: 'route me' }] });
    expect(res.status).toBe(200);
    const [row] = await usageRows(t.databaseUrl, s.user.id, 1);
    expect(row).toMatchObject({ attempts: 1, provider_id: s.providerId });
  });
});
