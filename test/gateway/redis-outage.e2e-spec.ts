import { waitFor, TEST_REDIS_URL } from '@gateway/testing';
import { api } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';
import { TcpRelay } from '../support/tcp-relay';
import { Gateway, type Route, type UserKey } from './gateway-fixture';

describe('gateway: Redis unreachable', () => {
  const relay = TcpRelay.to(TEST_REDIS_URL, 6379);
  let t: TestApp;
  let gw: Gateway;
  let route: Route;
  let user: UserKey;

  beforeAll(async () => {
    await relay.open();
    t = await startTestApp({ redis: true, env: { REDIS_URL: `redis://127.0.0.1:${relay.port}` } });
    gw = await new Gateway(t).init();
    route = await gw.route([{ kind: 'mock' }], { inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 1 });
    user = await gw.user({ creditsUsd: 10 });
  });
  afterAll(async () => {
    if (!relay.isOpen) await relay.open();
    await t?.close();
    await relay.cut();
  });

  const ask = () => api(t.url, user.key).post('/v1/chat/completions', { model: route.model, messages: [{ role: 'user', content: 'hello' }] });

  it('answers 503 in the caller format while Redis is down, and serves again once it is back, charging what it served once', async () => {
    expect((await ask()).status).toBe(200);

    await relay.cut();
    const started = Date.now();
    const refused = await ask();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body.error).toMatchObject({ code: 'gate_unavailable', message: expect.stringMatching(/cannot check rate limits and credits/) });
    // Refused at once: no hang waiting for a connection.
    expect(Date.now() - started).toBeLessThan(5_000);
    const anthropic = await api(t.url, user.key).post('/v1/messages', { model: route.model, max_tokens: 10, messages: [{ role: 'user', content: 'hello' }] });
    expect(anthropic.status).toBe(503);
    expect(anthropic.body).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });

    await relay.open();
    await waitFor(async () => (await ask()).status === 200, 15_000, 200);
    // Every answered request is charged and logged exactly once; the refused ones are logged, uncharged.
    const rows = await waitFor(async () => {
      const items = (await user.client.get('/api/v1/users/me/usage?pageSize=100')).body.items as Array<{ status: number; costUsd: number }>;
      return items.filter((r) => r.status === 200).length >= 2 && items.some((r) => r.status === 503) ? items : undefined;
    }, 20_000, 200);
    if (!rows) throw new Error('no usage rows');
    const served = rows.filter((r) => r.status === 200);
    expect(served.every((r) => r.costUsd > 0)).toBe(true);
    expect(rows.filter((r) => r.status === 503).every((r) => r.costUsd === 0)).toBe(true);
    const charged = served.reduce((sum, r) => sum + r.costUsd, 0);
    await waitFor(async () => Math.abs((await gw.balance(user)) - (10 - charged)) < 1e-9, 10_000, 200);
  }, 60_000);

  it('answers 503 within its deadline when Redis stops answering (paused), and readiness says so', async () => {
    await waitFor(async () => (await ask()).status === 200, 15_000, 200);
    relay.pause();
    try {
      const started = Date.now();
      const [openai, ready] = await Promise.all([ask(), api(t.url).get('/api/v1/health/ready')]);
      const waited = Date.now() - started;
      expect(openai.status).toBe(503);
      expect(openai.body.error).toMatchObject({ code: 'gate_unavailable' });
      expect(ready.status).toBe(503);
      expect(ready.body.message ?? ready.body).toBeDefined();
      // REDIS_COMMAND_TIMEOUT_MS defaults to 1 s; the watchdog notices within 1.5 s.
      expect(waited).toBeLessThan(4_000);
    } finally {
      relay.resume();
    }
    await waitFor(async () => (await ask()).status === 200, 15_000, 200);
    expect((await api(t.url).get('/api/v1/health/ready')).status).toBe(200);
  }, 60_000);
});
