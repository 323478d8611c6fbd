/**
 * PostgreSQL unreachable (the app reaches it through a relay the test cuts): management routes
 * answer 503 with Retry-After instead of 500, the CSV export fails before its first byte instead
 * of sending an empty file, readiness says so, and the gateway keeps serving and charging.
 */
import { waitFor } from '@gateway/testing';
import { Gateway, privateDataDir, type Route, type UserKey } from '../gateway/gateway-fixture';
import { api, login } from '../support/http';
import { TcpRelay } from '../support/tcp-relay';
import { startTestApp, type TestApp } from '../support/test-app';

describe('faults: PostgreSQL unreachable', () => {
  let owner: TestApp;
  let t: TestApp;
  let relay: TcpRelay;
  let gw: Gateway;
  let route: Route;
  let user: UserKey;

  beforeAll(async () => {
    // `owner` creates and migrates the database; `t` reaches it only through the relay.
    owner = await startTestApp({ env: { DATA_DIR: privateDataDir() } });
    relay = TcpRelay.to(owner.databaseUrl, 5432);
    await relay.open();
    const viaRelay = new URL(owner.databaseUrl);
    viaRelay.host = `127.0.0.1:${relay.port}`;
    t = await startTestApp({ databaseUrl: viaRelay.toString(), env: { DATA_DIR: privateDataDir() } });
    gw = await new Gateway(t).init();
    route = await gw.route([{ kind: 'mock' }], { inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 1 });
    user = await gw.user({ creditsUsd: 10 });
  });
  afterAll(async () => {
    if (!relay.isOpen) await relay.open();
    await gw?.close();
    await t?.app.close();
    await owner?.close();
    await relay.cut();
  });

  const chat = () => api(t.url, user.key).post('/v1/chat/completions', { model: route.model, messages: [{ role: 'user', content: 'hello' }] });

  it('answers 503 with Retry-After on management routes, refuses the CSV before its first byte, keeps the gateway serving', async () => {
    expect((await user.client.get('/api/v1/keys')).status).toBe(200);
    expect((await chat()).status).toBe(200);
    const authorization = await tokenOf(user);

    await relay.cut();
    try {
      for (const [what, res] of [
        ['keys', await user.client.get('/api/v1/keys')],
        ['usage', await user.client.get('/api/v1/users/me/usage')],
        ['credits', await user.client.get('/api/v1/users/me/credits')],
        ['admin users', await gw.admin.get('/api/v1/admin/users')],
        ['login', await api(t.url).post('/api/v1/auth/login', { email: t.adminEmail, password: t.adminPassword })],
      ] as const) {
        expect({ what, status: res.status }).toEqual({ what, status: 503 });
        expect(res.headers.get('retry-after')).toBe('5');
        expect(res.body).toMatchObject({ statusCode: 503, message: 'The database is unreachable right now; retry shortly', requestId: expect.any(String) });
      }
      const csv = await fetch(`${t.url}/api/v1/users/me/usage.csv`, { headers: { authorization } });
      expect(csv.status).toBe(503);
      expect(csv.headers.get('content-type')).toMatch(/application\/json/);

      const ready = await api(t.url).get('/api/v1/health/ready');
      expect(ready.status).toBe(503);

      // The gateway path needs no database: answered and charged (journalled), written once it is back.
      const served: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await chat();
        expect(res.status).toBe(200);
        served.push(res.headers.get('x-request-id')!);
      }

      await relay.open();
      await waitFor(async () => (await user.client.get('/api/v1/keys')).status === 200, 20_000, 200);
      const rows = await waitFor(async () => {
        const items = (await user.client.get('/api/v1/users/me/usage?pageSize=100')).body.items as Array<{ requestId: string; costUsd: number }>;
        return served.every((id) => items.some((r) => r.requestId === id)) ? items : undefined;
      }, 30_000, 200);
      expect(rows!.filter((r) => served.includes(r.requestId)).every((r) => r.costUsd > 0)).toBe(true);
      const charged = rows!.reduce((sum, r) => sum + r.costUsd, 0);
      await waitFor(async () => Math.abs((await gw.balance(user)) - (10 - charged)) < 1e-9, 10_000, 200);
    } finally {
      if (!relay.isOpen) await relay.open();
    }
  }, 90_000);

  async function tokenOf(u: UserKey): Promise<string> {
    const me = await u.client.get('/api/v1/auth/me');
    const session = await login(t.url, me.body.email, 'user-password-123');
    return `Bearer ${session.accessToken}`;
  }
});
