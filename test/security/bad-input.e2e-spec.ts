/**
 * Bad input to the management API (/api/v1) and the rules that guard authority: every case is the
 * caller's 400 (or 409), never a 500, in the management error shape, and the gateway stays healthy.
 */
import { Gateway, privateDataDir, unique, type Client } from '../gateway/gateway-fixture';
import { api, login, newUser, type Res } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const json = { 'content-type': 'application/json' };

describe('management API: bad input is a 400, authority rules a 409, never a 500', () => {
  let t: TestApp;
  let gw: Gateway;
  let admin: Client;
  /** Every answer seen, so the suite can say at the end that none was a 500. */
  const seen: Array<{ what: string; status: number }> = [];
  const note = (what: string, res: Res) => {
    seen.push({ what, status: res.status });
    return res;
  };
  /** A 4xx in the management shape: `{statusCode, error, message, requestId}`. */
  const refused = (res: Res, status = 400) => {
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.anything(), requestId: expect.any(String) });
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { DATA_DIR: privateDataDir() } });
    gw = await new Gateway(t).init();
    admin = gw.admin;
  });
  afterAll(async () => {
    await gw.close();
    await t.close();
  });

  describe('keys: PATCH refuses what the columns cannot hold, and expiries in the past', () => {
    let u: Awaited<ReturnType<typeof newUser>>;
    let keyId: string;
    beforeAll(async () => {
      u = await newUser(t.url);
      keyId = (await u.client.post('/api/v1/keys', { name: 'k', models: ['m'], rpm: 5 })).body.id;
    });

    it.each([
      ['name null', { name: null }],
      ['name empty', { name: '' }],
      ['name a number', { name: 5 }],
      ['models null', { models: null }],
      ['models not strings', { models: [1] }],
      ['expiresAt in the past', { expiresAt: '2001-01-01T00:00:00Z' }],
      ['expiresAt now-ish', { expiresAt: new Date(Date.now() - 1000).toISOString() }],
      ['expiresAt not a date', { expiresAt: 'soon' }],
    ])('%s → 400', async (what, body) => {
      refused(note(`PATCH key ${what}`, await u.client.patch(`/api/v1/keys/${keyId}`, body)));
    });

    it('keeps the key as it was, and still takes null where null means "none"', async () => {
      expect((await u.client.get(`/api/v1/keys/${keyId}`)).body).toMatchObject({ name: 'k', models: ['m'], rpm: 5, expiresAt: null });
      const future = new Date(Date.now() + 86_400_000).toISOString();
      const patched = note('PATCH key valid', await u.client.patch(`/api/v1/keys/${keyId}`, { rpm: null, quotaUsd: null, allowedOrigins: null, expiresAt: future }));
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ name: 'k', rpm: null, quotaUsd: null, allowedOrigins: [], expiresAt: future });
      const cleared = note('PATCH key clear expiry', await u.client.patch(`/api/v1/keys/${keyId}`, { expiresAt: null, name: 'renamed' }));
      expect(cleared.body).toMatchObject({ name: 'renamed', expiresAt: null });
    });
  });

  describe('pagination: huge, fractional, negative and malformed pages are a 400', () => {
    const bad = ['1e20', '99999999999', '1000001', '1.5', '-1', '0', 'abc', '', 'Infinity', 'NaN', '1e400'];
    const routes = ['/api/v1/users/me/usage', '/api/v1/admin/users', '/api/v1/users/me/credits', '/api/v1/teams'];

    it.each(routes)('%s', async (route) => {
      for (const value of bad) {
        for (const param of ['page', 'pageSize']) {
          const res = note(`${route} ${param}=${value}`, await admin.get(`${route}?${param}=${encodeURIComponent(value)}`));
          if (res.status !== 400) throw new Error(`${route}?${param}=${value}: ${res.status}`);
          refused(res);
        }
      }
      refused(note(`${route} page twice`, await admin.get(`${route}?page=1&page=2`)));
      const last = note(`${route} last page`, await admin.get(`${route}?page=1000000&pageSize=1`));
      expect(last.status).toBe(200);
      expect(last.body.items ?? last.body.history).toEqual([]);
    });

    it('bounds the other list sizes and refuses impossible dates', async () => {
      for (const path of [
        '/api/v1/admin/usage/leaderboard?limit=1e20',
        '/api/v1/admin/usage/leaderboard?limit=-3',
        '/api/v1/admin/jobs?limit=1e20',
        '/api/v1/admin/jobs?limit=2.5',
        '/api/v1/users/me/usage?from=2024-02-30',
        '/api/v1/users/me/usage?from=0000-01-01',
        '/api/v1/users/me/usage?to=2024-13-01',
        '/api/v1/admin/usage/summary?from=2024-02-31T00:00:00Z',
      ]) {
        refused(note(path, await admin.get(path)));
      }
    });
  });

  describe('users: PATCH refuses null for fields that have no "none"', () => {
    it.each([
      ['active null', { active: null }],
      ['role null', { role: null }],
      ['tier null', { tier: null }],
      ['role unknown', { role: 'root' }],
    ])('%s → 400', async (what, body) => {
      const u = await newUser(t.url);
      refused(note(`PATCH user ${what}`, await admin.patch(`/api/v1/admin/users/${u.id}`, body)));
      expect((await admin.get(`/api/v1/admin/users?search=${encodeURIComponent(u.email)}`)).body.items[0]).toMatchObject({ role: 'user', tier: 'free', active: true });
    });
  });

  describe('JSON bodies nested past 64 levels are refused before any work', () => {
    it('refuses a body nested 3,000 (and 100,000) levels on every kind of management route', async () => {
      const u = await newUser(t.url);
      const keyId = (await u.client.post('/api/v1/keys', { name: 'k' })).body.id;
      const cases: Array<[string, Client, 'post' | 'patch', string]> = [
        ['login', api(t.url), 'post', '/api/v1/auth/login'],
        ['register', api(t.url), 'post', '/api/v1/auth/register'],
        ['create key', u.client, 'post', '/api/v1/keys'],
        ['patch key', u.client, 'patch', `/api/v1/keys/${keyId}`],
        ['patch user', admin, 'patch', `/api/v1/admin/users/${u.id}`],
        ['create provider', admin, 'post', '/api/v1/providers'],
        ['create model', admin, 'post', '/api/v1/models'],
      ];
      for (const [what, client, method, path] of cases) {
        for (const levels of [3000, 100_000]) {
          const res = note(`${what} nested ${levels}`, await client[method](path, `{"name":"x","extra":${deep(levels)}}`, json));
          refused(res);
          expect(res.body.message).toMatch(/nests deeper than 64 levels/);
        }
      }
      // Nothing was created or changed by any of them.
      expect((await u.client.get(`/api/v1/keys/${keyId}`)).body.name).toBe('k');
      expect((await u.client.get('/api/v1/keys')).body).toHaveLength(1);
    });

    it('counts objects and arrays alike, and only structure: brackets inside strings, escaped quotes included, do not count', async () => {
      const u = await newUser(t.url);
      // 64 levels are fine for the parser (the DTO then refuses the unknown field: a validation 400, not the depth one).
      const at64 = note('nested 64', await u.client.post('/api/v1/keys', `{"name":"x","extra":${deep(63)}}`, json));
      refused(at64);
      expect(JSON.stringify(at64.body.message)).not.toMatch(/nests deeper/);
      const objects65 = note('objects 65', await u.client.post('/api/v1/keys', '{"a":'.repeat(64) + '{}' + '}'.repeat(64), json));
      expect(objects65.body.message).toMatch(/nests deeper than 64 levels/);

      // A name full of brackets and escaped quotes is a name: the key is created.
      const name = '[{"\\'.repeat(20) + '"]]';
      const created = note('brackets in a string', await u.client.post('/api/v1/keys', JSON.stringify({ name })));
      expect(created.status).toBe(201);
      expect(created.body.name).toBe(name);
      // Half a megabyte of brackets inside one string costs one pass, and is a validation 400 (name too long), not a depth one.
      const started = Date.now();
      const long = note('long bracket string', await u.client.post('/api/v1/keys', JSON.stringify({ name: '['.repeat(500_000) })));
      refused(long);
      expect(JSON.stringify(long.body.message)).not.toMatch(/nests deeper/);
      expect(Date.now() - started).toBeLessThan(2000);
      // An escaped quote does not end the string: the brackets after it are still inside it.
      const tricky = note('escaped quote', await u.client.post('/api/v1/keys', `{"name":"a\\"${'['.repeat(200)}"}`, json));
      expect(tricky.status).toBe(400);
      expect(JSON.stringify(tricky.body.message)).not.toMatch(/nests deeper/);
    });

    it('still parses JSON as before: malformed, empty and prototype-poisoning bodies are a 400', async () => {
      const u = await newUser(t.url);
      refused(note('malformed', await u.client.post('/api/v1/keys', '{"name": ', json)));
      refused(note('empty', await u.client.post('/api/v1/keys', '', json)));
      refused(note('__proto__', await u.client.post('/api/v1/keys', '{"name":"x","__proto__":{"admin":true}}', json)));
      expect(note('charset', await u.client.post('/api/v1/keys', JSON.stringify({ name: 'ok' }), { 'content-type': 'application/json; charset=utf-8' })).status).toBe(201);
    });
  });

  describe('embeddings: dimensions is an integer from 1 to 4096', () => {
    it('refuses 20,000,000 dimensions (and other bad values) at once, and serves 4,096', async () => {
      const route = await gw.route([{ kind: 'mock', upstreamModel: 'mock-embed' }]);
      const key = await gw.user();
      const embed = (body: Record<string, unknown>) => api(t.url, key.key).post('/v1/embeddings', { model: route.model, input: 'hello', ...body });
      for (const dimensions of [20_000_000, 4097, 0, -1, 1.5, '8', true, [8]]) {
        const started = Date.now();
        const res = note(`dimensions ${JSON.stringify(dimensions)}`, await embed({ dimensions }));
        expect(res.status).toBe(400);
        expect(res.body.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringMatching(/^dimensions/) });
        expect(Date.now() - started).toBeLessThan(1000);
      }
      const ok = note('dimensions 4096', await embed({ dimensions: 4096, encoding_format: 'float' }));
      expect(ok.status).toBe(200);
      expect(ok.body.data[0].embedding).toHaveLength(4096);
      expect(note('dimensions null', await embed({ dimensions: null, encoding_format: 'float' })).body.data[0].embedding).toHaveLength(8);
    });
  });

  describe('providers may not target link-local or cloud-metadata addresses', () => {
    const create = (baseUrl: string) => admin.post('/api/v1/providers', { name: unique('p'), type: 'openai', baseUrl, apiKey: 'sk-test-1234' });

    it.each([
      'http://169.254.169.254/latest/meta-data',
      'http://169.254.0.1:8080/v1',
      'http://2852039166/v1',
      'http://0xa9.0xfe.0xa9.0xfe/v1',
      'http://[fe80::1]/v1',
      'http://[febf:ffff::1]:11434',
      'http://[::ffff:169.254.169.254]/v1',
      'http://metadata.google.internal/computeMetadata/v1',
      'http://METADATA.google.internal./v1',
      'http://metadata/v1',
    ])('%s → 400', async (baseUrl) => {
      const res = note(`provider ${baseUrl}`, await create(baseUrl));
      refused(res);
      // (Some spellings the URL check refuses first; the rest reach the address rule.)
      expect(JSON.stringify(res.body.message)).toMatch(/link-local or cloud-metadata|must be an http\(s\) URL/);
    });

    it('keeps loopback and private ranges allowed (a local Ollama or vLLM), and checks updates too', async () => {
      for (const baseUrl of ['http://127.0.0.1:11434/v1', 'http://localhost:8000/v1', 'http://10.1.2.3/v1', 'http://192.168.1.20:8000/v1', 'http://[::1]:11434/v1', 'http://[fec0::1]/v1', 'http://169.255.0.1/v1']) {
        expect(note(`provider ${baseUrl}`, await create(baseUrl)).status).toBe(201);
      }
      const id = (await create('http://127.0.0.1:11434/v1')).body.id;
      refused(note('provider update to metadata', await admin.patch(`/api/v1/providers/${id}`, { baseUrl: 'http://169.254.169.254/v1' })));
      expect((await admin.get(`/api/v1/providers/${id}`)).body.baseUrl).toBe('http://127.0.0.1:11434/v1');
    });
  });

  describe('the last active admin cannot demote or deactivate itself', () => {
    it('answers 409 and changes nothing; with a second admin the same change is allowed', async () => {
      const me = (await admin.get('/api/v1/users/me')).body;
      for (const body of [{ role: 'user' }, { active: false }, { role: 'user', active: false }]) {
        const res = note(`last admin ${JSON.stringify(body)}`, await admin.patch(`/api/v1/admin/users/${me.id}`, body));
        refused(res, 409);
        expect(res.body.message).toMatch(/last active admin/);
      }
      // Changes that keep it an active admin are fine.
      expect(note('last admin rename', await admin.patch(`/api/v1/admin/users/${me.id}`, { name: 'Root', role: 'admin', active: true })).status).toBe(200);
      expect((await admin.get('/api/v1/users/me')).body).toMatchObject({ role: 'admin', active: true });

      // A second admin may be demoted and deactivated while the first remains.
      const other = await newUser(t.url);
      expect((await admin.patch(`/api/v1/admin/users/${other.id}`, { role: 'admin' })).status).toBe(200);
      expect(note('second admin deactivated', await admin.patch(`/api/v1/admin/users/${other.id}`, { active: false })).status).toBe(200);
      // An inactive admin does not count: the first is still the last active one.
      refused(note('last active admin demoted', await admin.patch(`/api/v1/admin/users/${me.id}`, { role: 'user' })), 409);
      expect(note('second admin demoted', await admin.patch(`/api/v1/admin/users/${other.id}`, { role: 'user', active: true })).status).toBe(200);
    });

    it('two admins demoting themselves at once: exactly one succeeds', async () => {
      const other = await newUser(t.url);
      expect((await admin.patch(`/api/v1/admin/users/${other.id}`, { role: 'admin' })).status).toBe(200);
      const otherAdmin = api(t.url, (await login(t.url, other.email, other.password)).accessToken);
      const meId = (await admin.get('/api/v1/users/me')).body.id;
      const answers = await Promise.all([admin.patch(`/api/v1/admin/users/${meId}`, { role: 'user' }), otherAdmin.patch(`/api/v1/admin/users/${other.id}`, { role: 'user' })]);
      answers.forEach((res, i) => note(`concurrent demotion ${i}`, res));
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      // Whoever remains is an admin; put the original back for good measure.
      const remaining = answers[0].status === 409 ? admin : otherAdmin;
      const admins = (await remaining.get('/api/v1/admin/users?pageSize=200')).body.items.filter((x: { role: string; active: boolean }) => x.role === 'admin' && x.active);
      expect(admins).toHaveLength(1);
      if (remaining === otherAdmin) expect((await otherAdmin.patch(`/api/v1/admin/users/${meId}`, { role: 'admin' })).status).toBe(200);
    });
  });

  it('answered no 500 anywhere, and the gateway is healthy after it all', async () => {
    expect(seen.filter((s) => s.status >= 500)).toEqual([]);
    expect(seen.length).toBeGreaterThan(100);
    // Liveness and readiness (`/health` alone would be answered by the console's page when it is built).
    expect((await api(t.url).get('/api/v1/health')).body).toEqual({ status: 'ok' });
    expect((await api(t.url).get('/api/v1/health/ready')).status).toBe(200);
    expect((await admin.get('/api/v1/users/me')).status).toBe(200);
  });
});
