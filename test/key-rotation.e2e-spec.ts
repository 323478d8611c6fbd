/**
 * Key rotation: a new secret shown once; the old one refused at once (grace 0) or after the
 * grace period the caller chose, on this replica and on another that had it cached; audited.
 */
import { waitFor } from '@gateway/testing';
import { chat, mockSetup, type MockSetup } from './support/gateway-setup';
import { api, newUser } from './support/http';
import { startReplicaOf, startTestApp, type TestApp } from './support/test-app';

const hello = [{ role: 'user', content: 'hi' }];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('key rotation (two replicas sharing PostgreSQL and Redis)', () => {
  let a: TestApp;
  let b: TestApp;
  let s: MockSetup;
  beforeAll(async () => {
    a = await startTestApp({ redis: true });
    b = await startReplicaOf(a);
    s = await mockSetup(a, { creditsUsd: 1 });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const status = async (url: string, key: string) => {
    const res = await chat(url, key, { model: s.model, messages: hello, max_tokens: 5 });
    return { status: res.status, body: await res.json() };
  };

  async function freshKey(name: string) {
    const created = (await s.user.client.post('/api/v1/keys', { name })).body;
    // Both replicas have the secret cached before it is rotated.
    for (const url of [a.url, b.url]) expect((await status(url, created.key)).status).toBe(200);
    return created as { id: string; key: string; prefix: string };
  }

  it('grace 0 (the default): a new secret shown once, the old one refused at once on both replicas', async () => {
    const old = await freshKey('rotate-now');
    const rotated = await s.user.client.post(`/api/v1/keys/${old.id}/rotate`, {});
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ id: old.id, name: 'rotate-now', prefix: rotated.body.key.slice(0, 10), previousKeyExpiresAt: null });
    expect(rotated.body.key).toMatch(/^gw-[A-Za-z0-9_-]{43}$/);
    expect(rotated.body.key).not.toBe(old.key);
    expect((await s.user.client.get(`/api/v1/keys/${old.id}`)).body.key).toBeUndefined();

    const refused = await status(a.url, old.key);
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toMatch(/rotated/);
    await waitFor(async () => (await status(b.url, old.key)).status === 401, 1000, 20);
    for (const url of [a.url, b.url]) expect((await status(url, rotated.body.key)).status).toBe(200);

    const audit = (await s.admin.get(`/api/v1/admin/audit?action=key.rotate&targetId=${old.id}`)).body.items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: s.user.id, diff: { before: { prefix: old.prefix }, after: { prefix: rotated.body.prefix } } });
    expect(JSON.stringify(audit[0])).not.toContain(old.key);
    expect(JSON.stringify(audit[0])).not.toContain(rotated.body.key);
  });

  it('a grace of 2 s: the old secret works on both replicas, then is refused there without a further notice', async () => {
    const old = await freshKey('rotate-later');
    const before = Date.now();
    const rotated = (await s.user.client.post(`/api/v1/keys/${old.id}/rotate`, { gracePeriodSeconds: 2 })).body;
    expect(Date.parse(rotated.previousKeyExpiresAt) - before).toBeGreaterThanOrEqual(1900);
    for (const url of [a.url, b.url]) {
      expect((await status(url, old.key)).status).toBe(200);
      expect((await status(url, rotated.key)).status).toBe(200);
    }
    await sleep(Math.max(0, Date.parse(rotated.previousKeyExpiresAt) - Date.now()) + 50);
    for (const url of [a.url, b.url]) {
      expect((await status(url, old.key)).status).toBe(401);
      expect((await status(url, rotated.key)).status).toBe(200);
    }
    expect((await s.user.client.get(`/api/v1/keys/${old.id}`)).body.previousKeyExpiresAt).toBeNull();
  });

  it('rotating again ends the earlier secret\'s grace; revoking ends every secret of the key', async () => {
    const first = await freshKey('rotate-twice');
    const second = (await s.user.client.post(`/api/v1/keys/${first.id}/rotate`, { gracePeriodSeconds: 600 })).body;
    expect((await status(b.url, first.key)).status).toBe(200);
    const third = (await s.user.client.post(`/api/v1/keys/${first.id}/rotate`, { gracePeriodSeconds: 600 })).body;
    await waitFor(async () => (await status(b.url, first.key)).status === 401, 1000, 20);
    expect((await status(b.url, second.key)).status).toBe(200);
    expect((await s.user.client.delete(`/api/v1/keys/${first.id}`)).status).toBe(204);
    for (const key of [second.key, third.key]) await waitFor(async () => (await status(b.url, key)).status === 401, 1000, 20);
  });

  it('checks the grace period and who may rotate (as PATCH /keys/:id)', async () => {
    const own = (await s.user.client.post('/api/v1/keys', { name: 'checked' })).body;
    for (const body of [{ gracePeriodSeconds: -1 }, { gracePeriodSeconds: 7 * 24 * 3600 + 1 }, { gracePeriodSeconds: 1.5 }, { gracePeriodSeconds: '60' }, { grace: 5 }]) {
      expect((await s.user.client.post(`/api/v1/keys/${own.id}/rotate`, body)).status).toBe(400);
    }
    expect((await s.user.client.post(`/api/v1/keys/${own.id}/rotate`, { gracePeriodSeconds: 7 * 24 * 3600 })).status).toBe(200);
    const stranger = await newUser(a.url);
    expect((await stranger.client.post(`/api/v1/keys/${own.id}/rotate`, {})).status).toBe(404);
    expect((await api(a.url, own.key).post(`/api/v1/keys/${own.id}/rotate`, {})).status).toBe(403);
    expect((await s.admin.post(`/api/v1/keys/${own.id}/rotate`, {})).status).toBe(200);
    await s.user.client.delete(`/api/v1/keys/${own.id}`);
    expect((await s.user.client.post(`/api/v1/keys/${own.id}/rotate`, {})).status).toBe(400);
  });
});
