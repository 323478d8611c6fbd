import { api, login, newUser } from './support/http';
import { startTestApp, TestApp } from './support/test-app';

describe('API keys (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('creates a key shown once, lists it without the secret, patches and revokes it', async () => {
    const u = await newUser(t.url);
    const created = await u.client.post('/api/v1/keys', { name: 'ci', models: ['gpt-x'], quotaUsd: 5, rpm: 10, tpm: 1000, allowedOrigins: ['https://app.example.com/path'] });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^gw-[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({ name: 'ci', models: ['gpt-x'], quotaUsd: 5, quotaUsedUsd: 0, rpm: 10, tpm: 1000, allowedOrigins: ['https://app.example.com'], prefix: created.body.key.slice(0, 10) });

    const list = await u.client.get('/api/v1/keys');
    expect(list.body).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
    expect(list.body[0].key).toBeUndefined();

    const patched = await u.client.patch(`/api/v1/keys/${created.body.id}`, { name: 'renamed', rpm: null });
    expect(patched.body).toMatchObject({ name: 'renamed', rpm: null });

    // The key authenticates...
    expect((await api(t.url).get('/api/v1/users/me', { 'x-api-key': created.body.key })).status).toBe(200);
    expect((await api(t.url, created.body.key).get('/api/v1/users/me')).status).toBe(200);
    // ...until revoked.
    expect((await u.client.delete(`/api/v1/keys/${created.body.id}`)).status).toBe(204);
    expect((await u.client.get(`/api/v1/keys/${created.body.id}`)).body.revokedAt).toBeTruthy();
    const refused = await api(t.url).get('/api/v1/users/me', { 'x-api-key': created.body.key });
    expect(refused.status).toBe(401);
  });

  it('keeps users out of each other’s keys; admins may act for anyone', async () => {
    const a = await newUser(t.url);
    const b = await newUser(t.url);
    const key = (await a.client.post('/api/v1/keys', { name: 'a-key' })).body;
    expect((await b.client.get(`/api/v1/keys/${key.id}`)).status).toBe(404);
    expect((await b.client.delete(`/api/v1/keys/${key.id}`)).status).toBe(404);
    expect((await b.client.post('/api/v1/keys', { name: 'x', userId: a.id })).status).toBe(403);

    const admin = api(t.url, (await login(t.url, t.adminEmail, t.adminPassword)).accessToken);
    const forA = await admin.post('/api/v1/keys', { name: 'made-by-admin', userId: a.id });
    expect(forA.body.userId).toBe(a.id);
    expect((await admin.get(`/api/v1/keys?userId=${a.id}`)).body.map((k: { name: string }) => k.name).sort()).toEqual(['a-key', 'made-by-admin']);
  });

  it('validates key input and refuses key management with an API key', async () => {
    const u = await newUser(t.url);
    expect((await u.client.post('/api/v1/keys', {})).status).toBe(400);
    expect((await u.client.post('/api/v1/keys', { name: 'x', rpm: -1 })).status).toBe(400);
    expect((await u.client.post('/api/v1/keys', { name: 'x', expiresAt: '2001-01-01T00:00:00Z' })).status).toBe(400);
    expect((await u.client.post('/api/v1/keys', { name: 'x', allowedOrigins: ['not a url'] })).status).toBe(400);
    expect((await u.client.get('/api/v1/keys/not-a-uuid')).status).toBe(400);
    const key = (await u.client.post('/api/v1/keys', { name: 'x' })).body.key;
    expect((await api(t.url, key).post('/api/v1/keys', { name: 'minted-by-key' })).status).toBe(403);
  });

  it('refuses an expired key', async () => {
    const u = await newUser(t.url);
    const created = (await u.client.post('/api/v1/keys', { name: 'short', expiresAt: new Date(Date.now() + 1500).toISOString() })).body;
    expect((await api(t.url, created.key).get('/api/v1/users/me')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    const res = await api(t.url, created.key).get('/api/v1/users/me');
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/expired/);
  });
});
