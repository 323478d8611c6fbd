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

    expect(created.body.scopes).toEqual(['gateway']);
    // The key authenticates on the gateway...
    const origin = { origin: 'https://app.example.com' };
    expect((await api(t.url).get('/v1/models', { 'x-api-key': created.body.key, ...origin })).status).toBe(200);
    expect((await api(t.url, created.body.key).get('/v1/models', origin)).status).toBe(200);
    // ...until revoked.
    expect((await u.client.delete(`/api/v1/keys/${created.body.id}`)).status).toBe(204);
    expect((await u.client.get(`/api/v1/keys/${created.body.id}`)).body.revokedAt).toBeTruthy();
    const refused = await api(t.url).get('/v1/models', { 'x-api-key': created.body.key, ...origin });
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
    expect((await api(t.url, created.key).get('/v1/models')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    const res = await api(t.url, created.key).get('/v1/models');
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/expired/);
  });

  it('scopes: keys are gateway credentials unless an admin granted "management"', async () => {
    const u = await newUser(t.url);
    const admin = api(t.url, (await login(t.url, t.adminEmail, t.adminPassword)).accessToken);
    const adminId = (await admin.get('/api/v1/auth/me')).body.id as string;

    // A gateway key (the default) is refused on management routes, whoever owns it.
    const plain = (await u.client.post('/api/v1/keys', { name: 'plain' })).body;
    const adminPlain = (await admin.post('/api/v1/keys', { name: 'admin-plain', userId: adminId })).body;
    for (const key of [plain.key, adminPlain.key]) {
      const res = await api(t.url, key).get('/api/v1/users/me');
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/gateway \(\/v1\) only/);
    }
    expect((await api(t.url, adminPlain.key).get('/api/v1/admin/users')).status).toBe(403);

    // Only admins may grant "management"; users may not, on create or on update.
    expect((await u.client.post('/api/v1/keys', { name: 'm', scopes: ['gateway', 'management'] })).status).toBe(403);
    expect((await u.client.patch(`/api/v1/keys/${plain.id}`, { scopes: ['management'] })).status).toBe(403);
    for (const scopes of [[], ['root'], ['gateway', 'gateway'], 'gateway', null]) {
      expect((await admin.post('/api/v1/keys', { name: 'bad', scopes })).status).toBe(400);
    }

    // An admin's management key carries the admin's rights to the management API (not key management, which needs a session).
    const ops = (await admin.post('/api/v1/keys', { name: 'ops', userId: adminId, scopes: ['management', 'gateway'] })).body;
    expect(ops.scopes).toEqual(['gateway', 'management']);
    expect((await api(t.url, ops.key).get('/api/v1/admin/users')).status).toBe(200);
    expect((await api(t.url, ops.key).get('/v1/models')).status).toBe(200);
    expect((await api(t.url, ops.key).post('/api/v1/keys', { name: 'minted' })).status).toBe(403);

    // A management-only key granted to a user has that user's rights, and no gateway access.
    const report = (await admin.post('/api/v1/keys', { name: 'report', userId: u.id, scopes: ['management'] })).body;
    expect((await api(t.url, report.key).get('/api/v1/users/me')).body.id).toBe(u.id);
    expect((await api(t.url, report.key).get('/api/v1/admin/users')).status).toBe(403);
    const gateway = await api(t.url, report.key).get('/v1/models');
    expect(gateway.status).toBe(403);
    expect(gateway.body.error.message).toMatch(/no "gateway" scope/);

    // Taking the scope away takes effect at once.
    expect((await admin.patch(`/api/v1/keys/${ops.id}`, { scopes: ['gateway'] })).body.scopes).toEqual(['gateway']);
    expect((await api(t.url, ops.key).get('/api/v1/admin/users')).status).toBe(403);
  });
});
