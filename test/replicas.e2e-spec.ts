import { AdminBootstrapService } from '@gateway/auth';
import { createTestDatabase, waitFor } from '@gateway/testing';
import { runMigrations } from '../apps/api/src/database';
import { chat, ledgerMismatches, mockSetup, sql, usageRows } from './support/gateway-setup';
import { api } from './support/http';
import { startReplicaOf, startTestApp, TestApp } from './support/test-app';

/** Two API replicas sharing one PostgreSQL and one Redis, as behind a load balancer. */
describe('two replicas, one state', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ redis: true });
    b = await startReplicaOf(a);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const hello = [{ role: 'user', content: 'hi' }];

  it('enforces one rate limit across both replicas', async () => {
    const s = await mockSetup(a, { creditsUsd: 1, key: { rpm: 4 } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await chat(i % 2 ? b.url : a.url, s.key, { model: s.model, messages: hello });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      await res.text();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('keeps one balance: concurrent requests on both replicas overspend by at most one request', async () => {
    const s = await mockSetup(a, {});
    const probe = await mockSetup(a, { creditsUsd: 1 });
    const one = await (await chat(a.url, probe.key, { model: probe.model, messages: hello, max_tokens: 30 })).json();
    const cost = Math.floor((one.usage.prompt_tokens * 1_000_000 + one.usage.completion_tokens * 2_000_000 + 500_000) / 1_000_000);
    await s.admin.post('/api/v1/admin/credits/grant', { userId: s.user.id, amountUsd: (cost * 4) / 1e6 });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => chat(i % 2 ? b.url : a.url, s.key, { model: s.model, messages: hello, max_tokens: 30 }).then(async (r) => (await r.text(), r.status))),
    );
    expect(results.filter((x) => x === 200).length).toBeLessThanOrEqual(5);
    expect(results.every((x) => x === 200 || x === 402)).toBe(true);
    await usageRows(a.databaseUrl, s.user.id, 40);
    const [{ balance_micros }] = await sql(a.databaseUrl, 'SELECT balance_micros FROM users WHERE id = $1', [s.user.id]);
    expect(Number(balance_micros)).toBeGreaterThanOrEqual(-cost);
    expect(await ledgerMismatches(a.databaseUrl)).toEqual([]);
  });

  it('refuses on replica B a key revoked on replica A within a second', async () => {
    const s = await mockSetup(a, { creditsUsd: 1 });
    expect((await chat(b.url, s.key, { model: s.model, messages: hello })).status).toBe(200); // B has it cached now
    expect((await s.user.client.delete(`/api/v1/keys/${s.keyId}`)).status).toBe(204);
    const started = Date.now();
    await waitFor(async () => (await chat(b.url, s.key, { model: s.model, messages: hello })).status === 401, 1000, 20);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('uses on replica B a model changed on replica A within a second', async () => {
    const s = await mockSetup(a, { creditsUsd: 1 });
    expect((await chat(b.url, s.key, { model: s.model, messages: hello })).status).toBe(200);
    const model = (await s.admin.get('/api/v1/models')).body.find((m: { name: string }) => m.name === s.model);
    await s.admin.patch(`/api/v1/models/${model.id}`, { enabled: false });
    await waitFor(async () => (await chat(b.url, s.key, { model: s.model, messages: hello })).status === 404, 1000, 20);
    const renamed = `${s.model}-v2`;
    await s.admin.patch(`/api/v1/models/${model.id}`, { enabled: true, name: renamed });
    await waitFor(async () => (await chat(b.url, s.key, { model: renamed, messages: hello })).status === 200, 1000, 20);
    const listed = await api(b.url).get('/v1/models', { authorization: `Bearer ${s.key}` });
    expect(listed.body.data.map((m: { id: string }) => m.id)).toContain(renamed);
  });
});

describe('replicas starting together on a fresh database', () => {
  it('create the first admin once, without a failed insert, and print its password only from the one that created it', async () => {
    const db = await createTestDatabase();
    const database = { url: db.url, embedded: false, stop: async () => undefined };
    await runMigrations(database);
    const env = { ADMIN_EMAIL: 'first-admin@example.com' };
    const apps = await Promise.all([1, 2, 3].map(() => startTestApp({ databaseUrl: db.url, env })));
    try {
      expect(await sql(db.url, "SELECT email, role FROM users WHERE role = 'admin'")).toEqual([{ email: 'first-admin@example.com', role: 'admin' }]);
      const summaries = apps.map((t) => t.app.get(AdminBootstrapService).summary);
      expect(summaries.filter((s) => s.startsWith('admin account created'))).toHaveLength(1);
      expect(summaries.filter((s) => s === 'admin account: first-admin@example.com')).toHaveLength(2);
    } finally {
      for (const t of apps) await t.app.close();
      await db.drop();
    }
  }, 60_000);
});
