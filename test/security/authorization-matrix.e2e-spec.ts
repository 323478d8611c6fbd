/**
 * The authorization matrix: every route of the live route table (the OpenAPI document Nest
 * builds from the controllers, and the gateway's own table) × every kind of caller, against
 * the explicit table below. A route without a rule, or a rule without a route, fails the build.
 */
import { randomUUID } from 'node:crypto';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { GatewayServer } from '@gateway/proxy';
import { Gateway, privateDataDir, type Route } from '../gateway/gateway-fixture';
import { api, login } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * public: anyone. user: a session, or a key with the "management" scope. admin: the same, for
 * admins only. session: a session only (key management: never a key); admin session: an admin's
 * session only. gateway: a session or a key with the "gateway" scope.
 */
type Rule = 'public' | 'user' | 'admin' | 'session' | 'admin session' | 'gateway';

const RULES: Record<string, Rule> = {
  'POST /api/v1/auth/register': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/refresh': 'public',
  'POST /api/v1/auth/logout': 'public',
  'GET /api/v1/auth/me': 'user',
  // Single sign-on: the sign-in routes are public (SSO is off here: 404, never 401/403); its settings are admin-only.
  'GET /api/v1/auth/oidc/config': 'public',
  'GET /api/v1/auth/oidc/login': 'public',
  'GET /api/v1/auth/oidc/callback': 'public',
  'POST /api/v1/auth/oidc/exchange': 'public',
  'GET /api/v1/admin/sso': 'admin',
  'PUT /api/v1/admin/sso': 'admin',
  'GET /api/v1/health': 'public',
  'GET /api/v1/health/ready': 'public',
  'POST /api/v1/keys': 'session',
  'GET /api/v1/keys': 'session',
  'GET /api/v1/keys/:id': 'session',
  'GET /api/v1/keys/:id/models': 'session',
  'PATCH /api/v1/keys/:id': 'session',
  'DELETE /api/v1/keys/:id': 'session',
  'POST /api/v1/keys/:id/rotate': 'session',
  'GET /api/v1/users/me': 'user',
  'GET /api/v1/admin/users': 'admin',
  'PATCH /api/v1/admin/users/:id': 'admin',
  'GET /api/v1/admin/users/:id': 'admin',
  'GET /api/v1/admin/users/:id/credits': 'admin',
  'GET /api/v1/admin/users/:id/usage': 'admin',
  'POST /api/v1/providers': 'admin',
  'GET /api/v1/providers': 'admin',
  'GET /api/v1/providers/:id': 'admin',
  'PATCH /api/v1/providers/:id': 'admin',
  'DELETE /api/v1/providers/:id': 'admin',
  'GET /api/v1/providers/:id/health': 'admin',
  'POST /api/v1/providers/:id/test': 'admin',
  'GET /api/v1/providers/:id/models': 'admin',
  'POST /api/v1/providers/:id/models/refresh': 'admin',
  'GET /api/v1/models': 'user',
  'GET /api/v1/models/:id': 'user',
  'GET /api/v1/models/usable': 'user',
  'POST /api/v1/models': 'admin',
  'PATCH /api/v1/models/:id': 'admin',
  'DELETE /api/v1/models/:id': 'admin',
  'POST /api/v1/admin/credits/grant': 'admin',
  'GET /api/v1/users/me/credits': 'user',
  'GET /api/v1/users/me/usage': 'user',
  'GET /api/v1/users/me/usage.csv': 'user',
  'GET /api/v1/admin/stats': 'admin',
  'GET /api/v1/admin/usage/summary': 'admin',
  'GET /api/v1/admin/usage/leaderboard': 'admin',
  'GET /api/v1/admin/costs': 'admin',
  // The request log: whose requests a user or a team's owner sees is checked by test/usage/request-log.
  'GET /api/v1/admin/requests': 'admin',
  'GET /api/v1/requests': 'user',
  'GET /api/v1/requests/:requestId': 'user',
  'GET /api/v1/pricing/catalog': 'admin',
  'GET /api/v1/admin/queues': 'admin',
  'GET /api/v1/admin/jobs': 'admin',
  'GET /api/v1/admin/jobs/:queue/:id': 'admin',
  'POST /api/v1/admin/jobs/:queue/:id/retry': 'admin',
  'DELETE /api/v1/admin/jobs/:queue/:id': 'admin',
  'POST /api/v1/admin/usage/aggregate': 'admin',
  'POST /api/v1/admin/providers/probe': 'admin',
  'GET /api/v1/admin/audit': 'admin',
  'GET /api/v1/admin/audit.csv': 'admin',
  'GET /api/v1/admin/audit/verify': 'admin',
  // External tool pages; `/tools/<slug>/` itself takes only the cookie the session route sets (test/tools).
  'GET /api/v1/admin/tools': 'admin',
  'POST /api/v1/admin/tools': 'admin',
  'PATCH /api/v1/admin/tools/:id': 'admin',
  'DELETE /api/v1/admin/tools/:id': 'admin',
  'POST /api/v1/admin/tools/session': 'admin session',
  'DELETE /api/v1/admin/tools/session': 'admin session',
  // Past these rules, a team's own (owner, member, outsider: 404) are checked by test/teams.
  'POST /api/v1/teams': 'admin',
  'GET /api/v1/teams': 'user',
  'GET /api/v1/teams/:id': 'user',
  'PATCH /api/v1/teams/:id': 'user',
  'DELETE /api/v1/teams/:id': 'admin',
  'GET /api/v1/teams/:id/members': 'user',
  'POST /api/v1/teams/:id/members': 'user',
  'PATCH /api/v1/teams/:id/members/:userId': 'user',
  'DELETE /api/v1/teams/:id/members/:userId': 'user',
  'GET /api/v1/teams/:id/credits': 'user',
  'GET /api/v1/teams/:id/usage': 'user',
  'GET /api/v1/teams/:id/usage.csv': 'user',
  'GET /api/v1/teams/:id/requests': 'user',
  // Past these rules, whose webhook it is (owner, team owner, member, outsider: 404) is checked by test/webhooks.
  'POST /api/v1/webhooks': 'user',
  'GET /api/v1/webhooks': 'user',
  'GET /api/v1/notifications': 'user',
  'DELETE /api/v1/webhooks/:id': 'user',
  'GET /api/v1/webhooks/:id/deliveries': 'user',
  'POST /api/v1/webhooks/:id/test': 'user',
  'POST /v1/chat/completions': 'gateway',
  'POST /v1/messages': 'gateway',
  'POST /v1/messages/count_tokens': 'gateway',
  'POST /v1/responses': 'gateway',
  'POST /v1/embeddings': 'gateway',
  'GET /v1/models': 'gateway',
  'GET /v1/models/:model': 'gateway',
  'POST /api/v1/chat/completions': 'gateway',
  'POST /api/v1/messages': 'gateway',
  'POST /api/v1/messages/count_tokens': 'gateway',
  'POST /api/v1/responses': 'gateway',
};

type Identity = 'none' | 'user session' | 'admin session' | 'user key' | 'admin key' | 'admin management key';
const IDENTITIES: Identity[] = ['none', 'user session', 'admin session', 'user key', 'admin key', 'admin management key'];

/** What each caller gets under each rule: 'ok' (neither 401 nor 403), or the refusal's status. */
const EXPECTED: Record<Rule, Record<Identity, 'ok' | 401 | 403>> = {
  public: { none: 'ok', 'user session': 'ok', 'admin session': 'ok', 'user key': 'ok', 'admin key': 'ok', 'admin management key': 'ok' },
  user: { none: 401, 'user session': 'ok', 'admin session': 'ok', 'user key': 403, 'admin key': 403, 'admin management key': 'ok' },
  admin: { none: 401, 'user session': 403, 'admin session': 'ok', 'user key': 403, 'admin key': 403, 'admin management key': 'ok' },
  session: { none: 401, 'user session': 'ok', 'admin session': 'ok', 'user key': 403, 'admin key': 403, 'admin management key': 403 },
  'admin session': { none: 401, 'user session': 403, 'admin session': 'ok', 'user key': 403, 'admin key': 403, 'admin management key': 403 },
  gateway: { none: 401, 'user session': 'ok', 'admin session': 'ok', 'user key': 'ok', 'admin key': 'ok', 'admin management key': 'ok' },
};

/** Routes that end what later rows need (a session, a refresh token) are called last. */
const LAST = new Set(['POST /api/v1/auth/logout']);

describe('authorization matrix', () => {
  let t: TestApp;
  let gw: Gateway;
  let route: Route;
  let routes: string[];
  let userEmail: string;
  const credentials = {} as Record<Identity, string | null>;

  beforeAll(async () => {
    t = await startTestApp({ env: { DATA_DIR: privateDataDir() } });
    gw = await new Gateway(t).init();
    route = await gw.route([{ kind: 'mock' }], { inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 1 });
    const user = await gw.user({ creditsUsd: 5 });
    const adminSession = await login(t.url, t.adminEmail, t.adminPassword);
    const admin = api(t.url, adminSession.accessToken);
    const adminId = adminSession.user.id;
    userEmail = (await user.client.get('/api/v1/auth/me')).body.email;
    const userSession = await login(t.url, userEmail, 'user-password-123');
    credentials.none = null;
    credentials['user session'] = userSession.accessToken;
    credentials['admin session'] = adminSession.accessToken;
    credentials['user key'] = user.key;
    credentials['admin key'] = (await admin.post('/api/v1/keys', { name: 'admin-gateway', userId: adminId })).body.key;
    credentials['admin management key'] = (await admin.post('/api/v1/keys', { name: 'admin-ops', userId: adminId, scopes: ['gateway', 'management'] })).body.key;
    await admin.post('/api/v1/admin/credits/grant', { userId: adminId, amountUsd: 5 });

    const doc = SwaggerModule.createDocument(t.app, new DocumentBuilder().build());
    const management = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'patch', 'put', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    routes = [...management, ...t.app.get(GatewayServer).routeTable()];
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    await t?.close();
  });

  it('has a rule for every route, and a route for every rule', () => {
    expect(routes.filter((r) => !(r in RULES)).sort()).toEqual([]);
    expect(Object.keys(RULES).filter((r) => !routes.includes(r)).sort()).toEqual([]);
  });

  it('answers every route × caller as the table says, and never with a 500', async () => {
    const mismatches: string[] = [];
    const errors: string[] = [];
    const ordered = [...routes.filter((r) => !LAST.has(r)), ...routes.filter((r) => LAST.has(r))];
    for (const entry of ordered) {
      const rule = RULES[entry];
      if (!rule) continue;
      for (const identity of IDENTITIES) {
        const status = await call(entry, credentials[identity]);
        const expected = EXPECTED[rule][identity];
        const got = status === 401 || status === 403 ? status : 'ok';
        if (got !== expected) mismatches.push(`${entry} as ${identity}: expected ${expected}, got ${status}`);
        if (status >= 500) errors.push(`${entry} as ${identity}: ${status}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);

  /** One request: path parameters are ids nobody has, bodies are harmless, gateway bodies are valid. */
  async function call(entry: string, credential: string | null): Promise<number> {
    const [method, pattern] = entry.split(' ');
    const path = pattern.replace(/:queue/, 'usage').replace(/:model/, route.model).replace(/:\w+/g, randomUUID());
    const body = method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify(await bodyFor(pattern));
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(credential ? { authorization: `Bearer ${credential}` } : {}) },
      body,
    });
    await res.arrayBuffer();
    return res.status;
  }

  async function bodyFor(pattern: string): Promise<Record<string, unknown>> {
    const chat = { model: route.model, max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] };
    if (pattern.endsWith('/chat/completions') || pattern.endsWith('/messages') || pattern.endsWith('/count_tokens')) return chat;
    if (pattern.endsWith('/responses')) return { model: route.model, input: 'hi' };
    if (pattern.endsWith('/embeddings')) return { model: route.model, input: 'hi' };
    // Valid enough to pass validation only where passing changes nothing that matters (a fresh email, a refresh token nobody has).
    if (pattern.endsWith('/auth/register')) return { email: `matrix-${randomUUID()}@example.com`, password: 'matrix-password-1' };
    // A refresh token of its own for each call (they rotate); the caller's credential plays no part.
    if (pattern.endsWith('/auth/refresh')) return { refreshToken: (await login(t.url, userEmail, 'user-password-123')).refreshToken };
    if (pattern.endsWith('/auth/logout')) return { refreshToken: randomUUID() };
    return {};
  }
});
