import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { api, login, newUser } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';

/** A tool that forbids framing, sets cookies, redirects and echoes what reached it. */
function startTool(): Promise<{ server: Server; origin: string; seen: IncomingMessage[] }> {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === '/management.html') {
      res.writeHead(200, {
        'content-type': 'text/html',
        'x-frame-options': 'DENY',
        'content-security-policy': "default-src 'self'; frame-ancestors 'none'",
        'set-cookie': ['panel=open; Path=/; Domain=127.0.0.1; HttpOnly', 'theme=dark; Path=/settings'],
      });
      return res.end('<!doctype html><title>Panel</title><h1>CLI Proxy panel</h1><script src="app.js"></script>');
    }
    if (req.url === '/absolute') return res.writeHead(302, { location: `${origin}/login?next=1` }).end();
    if (req.url === '/rooted') return res.writeHead(302, { location: '/login' }).end();
    if (req.url === '/elsewhere') return res.writeHead(302, { location: 'https://idp.example/authorize' }).end();
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen })));
}

describe('external tool pages (/tools/<slug>/)', () => {
  let t: TestApp;
  let tool: Awaited<ReturnType<typeof startTool>>;
  let admin: ReturnType<typeof api>;
  let adminToken: string;
  let cookie: string;

  const page = (path: string, init: RequestInit = {}, withCookie = cookie) =>
    fetch(`${t.url}${path}`, { redirect: 'manual', ...init, headers: { ...(withCookie ? { cookie: withCookie } : {}), ...(init.headers as Record<string, string>) } });

  beforeAll(async () => {
    tool = await startTool();
    t = await startTestApp();
    adminToken = (await login(t.url, t.adminEmail, t.adminPassword)).accessToken;
    admin = api(t.url, adminToken);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    tool?.server.close();
  });

  it('lets admins register tools, refusing bad input with 400 and a taken slug with 409, audited', async () => {
    const created = await admin.post('/api/v1/admin/tools', { name: 'CLI Proxy', slug: 'cli-proxy', url: `${tool.origin}/management.html` });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'CLI Proxy', slug: 'cli-proxy', frameSrc: '/tools/cli-proxy/management.html' });
    expect((await admin.post('/api/v1/admin/tools', { name: 'Again', slug: 'cli-proxy', url: tool.origin })).status).toBe(409);
    for (const bad of [{ name: 'x', slug: 'Bad Slug', url: tool.origin }, { name: 'x', slug: 'ok', url: 'file:///etc/passwd' }, { name: '', slug: 'ok', url: tool.origin }, { name: 'x', slug: '-ok', url: tool.origin }]) {
      const res = await admin.post('/api/v1/admin/tools', bad);
      expect(res.status).toBe(400);
    }
    expect((await admin.patch(`/api/v1/admin/tools/${created.body.id}`, { name: null })).status).toBe(400);
    expect((await admin.get('/api/v1/admin/tools')).body.items).toEqual([expect.objectContaining({ slug: 'cli-proxy', url: `${tool.origin}/management.html` })]);
    const user = await newUser(t.url);
    expect((await user.client.get('/api/v1/admin/tools')).status).toBe(403);
    const audit = await admin.get('/api/v1/admin/audit?action=tool.create');
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'tool.create', targetType: 'tool', targetId: created.body.id })]);
  });

  it('refuses the proxy without an admin tools cookie: none, a user’s, or an access token in its place', async () => {
    expect((await page('/tools/cli-proxy/management.html', {}, '')).status).toBe(401);
    const user = await newUser(t.url);
    expect((await user.client.post('/api/v1/admin/tools/session')).status).toBe(403);
    expect((await page('/tools/cli-proxy/management.html', {}, `gw_tools=${adminToken}`)).status).toBe(401);
    expect(tool.seen).toHaveLength(0);
  });

  it('serves the tool same-origin for an admin, with its frame-blocking headers relaxed to this origin', async () => {
    const session = await admin.post('/api/v1/admin/tools/session');
    expect(session.status).toBe(200);
    const set = session.headers.get('set-cookie')!;
    expect(set).toMatch(/^gw_tools=[^;]+; Path=\/tools\/; Max-Age=3600; HttpOnly; SameSite=Strict/);
    cookie = set.split(';')[0];
    // The tools cookie is not a bearer token for anything else.
    expect((await api(t.url, cookie.slice('gw_tools='.length)).get('/api/v1/auth/me')).status).toBe(401);

    const res = await page('/tools/cli-proxy/management.html');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('CLI Proxy panel');
    expect(res.headers.get('x-frame-options')).not.toBe('DENY');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'self'; frame-ancestors 'self'");
    expect(res.headers.getSetCookie()).toEqual(['panel=open; Path=/tools/cli-proxy/; HttpOnly', 'theme=dark; Path=/tools/cli-proxy/settings']);
  });

  it('never forwards the gateway’s credentials, keeps the tool’s own cookies, passes bodies and names the prefix', async () => {
    const res = await page('/tools/cli-proxy/api/save?x=1', {
      method: 'POST',
      headers: { authorization: 'Bearer should-not-pass', 'content-type': 'application/x-www-form-urlencoded', cookie: `${cookie}; panel=open` },
      body: 'a=1&b=two',
    }, '');
    const echoed = await res.json();
    expect(echoed).toMatchObject({ method: 'POST', url: '/api/save?x=1', body: 'a=1&b=two' });
    expect(echoed.headers.authorization).toBeUndefined();
    expect(echoed.headers.cookie).toBe('panel=open');
    expect(echoed.headers['x-forwarded-prefix']).toBe('/tools/cli-proxy');
  });

  it('keeps redirects to the tool inside its prefix, and leaves others alone', async () => {
    expect((await page('/tools/cli-proxy/absolute')).headers.get('location')).toBe('/tools/cli-proxy/login?next=1');
    expect((await page('/tools/cli-proxy/rooted')).headers.get('location')).toBe('/tools/cli-proxy/login');
    expect((await page('/tools/cli-proxy/elsewhere')).headers.get('location')).toBe('https://idp.example/authorize');
  });

  it('answers 404 for an unknown tool and 502 when the tool is down', async () => {
    expect((await page('/tools/nope/')).status).toBe(404);
    const down = await admin.post('/api/v1/admin/tools', { name: 'Down', slug: 'down', url: 'http://127.0.0.1:9/' });
    const res = await page('/tools/down/');
    expect(res.status).toBe(502);
    expect((await res.json()).message).toMatch(/The tool "Down" did not answer/);
    expect((await admin.delete(`/api/v1/admin/tools/${down.body.id}`)).status).toBe(204);
    expect((await page('/tools/down/')).status).toBe(404);
  });

  it('shuts out an admin demoted after the cookie was set', async () => {
    const second = await newUser(t.url);
    await admin.patch(`/api/v1/admin/users/${second.id}`, { role: 'admin' });
    const secondSession = await login(t.url, second.email, second.password);
    const set = (await api(t.url, secondSession.accessToken).post('/api/v1/admin/tools/session')).headers.get('set-cookie')!;
    const secondCookie = set.split(';')[0];
    expect((await page('/tools/cli-proxy/management.html', {}, secondCookie)).status).toBe(200);
    await admin.patch(`/api/v1/admin/users/${second.id}`, { role: 'user' });
    expect((await page('/tools/cli-proxy/management.html', {}, secondCookie)).status).toBe(403);
  });
});
