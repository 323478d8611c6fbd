import { api, login, newUser } from './support/http';
import { startTestApp, TestApp } from './support/test-app';

describe('auth, users and role guards (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('registers, logs in, answers /me, and never returns the password hash', async () => {
    const reg = await api(t.url).post('/api/v1/auth/register', { email: 'Alice@Example.com', password: 'correct-horse-1', name: 'Alice' });
    expect(reg.status).toBe(201);
    expect(reg.body).toMatchObject({ email: 'alice@example.com', name: 'Alice', role: 'user', tier: 'free', active: true });
    expect(JSON.stringify(reg.body)).not.toMatch(/password|argon/i);

    const session = await login(t.url, 'alice@example.com', 'correct-horse-1');
    expect(session).toMatchObject({ expiresIn: 900, user: { email: 'alice@example.com' } });
    const me = await api(t.url, session.accessToken).get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('alice@example.com');
    expect((await api(t.url, session.accessToken).get('/api/v1/users/me')).body.balanceUsd).toBe(0);
  });

  it('refuses a duplicate email with 409 and a wrong password with 401', async () => {
    await api(t.url).post('/api/v1/auth/register', { email: 'dup@example.com', password: 'password-1' });
    expect((await api(t.url).post('/api/v1/auth/register', { email: 'DUP@example.com', password: 'password-2' })).status).toBe(409);
    const bad = await api(t.url).post('/api/v1/auth/login', { email: 'dup@example.com', password: 'wrong-password' });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ statusCode: 401, message: 'Invalid email or password' });
  });

  it('answers invalid input with 400 and field messages, never 500', async () => {
    const res = await api(t.url).post('/api/v1/auth/register', { email: 'not-an-email', password: 'short', role: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(expect.arrayContaining(['email must be an email', 'property role should not exist']));
    expect(res.body.requestId).toBeTruthy();
    const malformed = await api(t.url).post('/api/v1/auth/login', '{"email": ', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    const wrongType = await api(t.url).post('/api/v1/auth/login', { email: ['x'], password: 5 });
    expect(wrongType.status).toBe(400);
  });

  it('rotates refresh tokens and revokes the whole login when a used one is replayed', async () => {
    const u = await newUser(t.url);
    const first = u.session.refreshToken;
    const second = (await api(t.url).post('/api/v1/auth/refresh', { refreshToken: first })).body;
    expect(second.accessToken).toBeTruthy();
    expect(second.refreshToken).not.toBe(first);

    const replay = await api(t.url).post('/api/v1/auth/refresh', { refreshToken: first });
    expect(replay.status).toBe(401);
    expect(replay.body.message).toMatch(/reuse/);
    // The thief's replay killed the family: the legitimate newer token is dead too.
    expect((await api(t.url).post('/api/v1/auth/refresh', { refreshToken: second.refreshToken })).status).toBe(401);
    // Another login of the same user is unaffected.
    const other = await login(t.url, u.email, u.password);
    expect((await api(t.url).post('/api/v1/auth/refresh', { refreshToken: other.refreshToken })).status).toBe(200);
  });

  it('logout kills the refresh token', async () => {
    const u = await newUser(t.url);
    expect((await api(t.url).post('/api/v1/auth/logout', { refreshToken: u.session.refreshToken })).status).toBe(204);
    expect((await api(t.url).post('/api/v1/auth/refresh', { refreshToken: u.session.refreshToken })).status).toBe(401);
  });

  it('guards every admin route: 401 without a token, 403 for a user, 200 for the admin', async () => {
    const u = await newUser(t.url);
    const admin = await login(t.url, t.adminEmail, t.adminPassword);
    for (const path of ['/api/v1/admin/users']) {
      expect((await api(t.url).get(path)).status).toBe(401);
      expect((await u.client.get(path)).status).toBe(403);
      expect((await api(t.url, admin.accessToken).get(path)).status).toBe(200);
    }
    expect((await api(t.url).get('/api/v1/auth/me')).status).toBe(401);
    expect((await api(t.url, 'garbage.token.here').get('/api/v1/auth/me')).status).toBe(401);
    expect((await u.client.patch(`/api/v1/admin/users/${u.id}`, { role: 'admin' })).status).toBe(403);
  });

  it('lets an admin search users and change tier, role and active; a deactivated user can do nothing', async () => {
    const u = await newUser(t.url, 'searchable-bob@example.com');
    const admin = api(t.url, (await login(t.url, t.adminEmail, t.adminPassword)).accessToken);
    const found = await admin.get('/api/v1/admin/users?search=searchable-bob&page=1&pageSize=5');
    expect(found.body).toMatchObject({ total: 1, page: 1, pageSize: 5, items: [{ email: 'searchable-bob@example.com' }] });

    expect((await admin.patch(`/api/v1/admin/users/${u.id}`, { tier: 'pro' })).body.tier).toBe('pro');
    expect((await admin.patch(`/api/v1/admin/users/${u.id}`, { tier: 'platinum' })).status).toBe(400);

    const key = (await u.client.post('/api/v1/keys', { name: 'k' })).body.key;
    expect((await admin.patch(`/api/v1/admin/users/${u.id}`, { active: false })).body.active).toBe(false);
    expect((await u.client.get('/api/v1/auth/me')).status).toBe(403);
    expect((await api(t.url).get('/api/v1/users/me', { 'x-api-key': key })).status).toBe(403);
    expect((await api(t.url).post('/api/v1/auth/login', { email: u.email, password: u.password })).status).toBe(403);
    expect((await api(t.url).post('/api/v1/auth/refresh', { refreshToken: u.session.refreshToken })).status).toBe(403);
  });

  it('throttles login per IP', async () => {
    const strict = await startTestApp({ env: { AUTH_THROTTLE_LIMIT: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await api(strict.url).post('/api/v1/auth/login', { email: 'x@example.com', password: 'nope-nope' })).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await strict.close();
    }
  });

  it('puts X-Request-Id on every response, echoing a caller-supplied one', async () => {
    const res = await api(t.url).get('/api/v1/health', { 'x-request-id': 'my-trace-123' });
    expect(res.headers.get('x-request-id')).toBe('my-trace-123');
    expect((await api(t.url).get('/api/v1/health')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await api(t.url).get('/api/v1/health/ready')).body).toMatchObject({ status: 'ok', checks: { database: 'up' } });
  });
});
