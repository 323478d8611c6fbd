/**
 * Revoking a key: it ends the key's running streams within a second (on every replica), and it
 * works while Redis is down — PostgreSQL is the truth, and replicas drop their cached copies
 * when Redis comes back instead of serving the key for another minute.
 */
import { waitFor, TEST_REDIS_URL } from '@gateway/testing';
import { api } from '../support/http';
import { TcpRelay } from '../support/tcp-relay';
import { startReplicaOf, startTestApp, type TestApp } from '../support/test-app';
import { Gateway, privateDataDir, type Route, type UserKey } from './gateway-fixture';

const SLOW_TEXT = Array.from({ length: 40 }, (_, i) => `word${i} `).join('');

/** Start a streamed request; once its first words arrived, `done` gives the whole text and when it ended. */
async function openStream(url: string, key: string, path: string, body: unknown) {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let firstChunk!: () => void;
  const started = new Promise<void>((resolve) => (firstChunk = resolve));
  const done = (async () => {
    for (;;) {
      const { value, done: end } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (end) return { text, endedAt: Date.now() };
      text += decoder.decode(value, { stream: true });
      if (text.includes('word')) firstChunk();
    }
  })();
  await started;
  // Wrapped: an async function returning a promise would wait for it.
  return { done };
}

const chat = (model: string) => ({ model, stream: true, messages: [{ role: 'user', content: 'talk slowly' }] });
const messages = (model: string) => ({ model, stream: true, max_tokens: 200, messages: [{ role: 'user', content: 'talk slowly' }] });

describe('revocation', () => {
  const relay = TcpRelay.to(TEST_REDIS_URL, 6379);
  let a: TestApp;
  let b: TestApp;
  let gw: Gateway;
  let openaiRoute: Route;
  let anthropicRoute: Route;

  beforeAll(async () => {
    await relay.open();
    const env = { REDIS_URL: `redis://127.0.0.1:${relay.port}` };
    a = await startTestApp({ redis: true, env: { ...env, DATA_DIR: privateDataDir() } });
    b = await startReplicaOf(a, { env: { ...env, DATA_DIR: privateDataDir() } });
    gw = await new Gateway(a).init();
    const slow = { text: SLOW_TEXT, pieceWords: 1, chunkDelayMs: 150 };
    openaiRoute = await gw.route([{ kind: 'openai', behaviour: slow }], { inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 1 });
    anthropicRoute = await gw.route([{ kind: 'anthropic', behaviour: slow }], { inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 1 });
  });
  afterAll(async () => {
    if (!relay.isOpen) await relay.open();
    await gw?.close();
    await b?.app.close();
    await a?.close();
    await relay.cut();
  });

  it.each([
    ['OpenAI chat, on the replica that revoked', 'openai', 'a'],
    ['Anthropic messages, on another replica', 'anthropic', 'b'],
  ])('ends a running stream within a second of the revocation: %s', async (_what, format, where) => {
    const user: UserKey = await gw.user({ creditsUsd: 10 });
    const app = where === 'a' ? a : b;
    const stream = format === 'openai' ? openStream(app.url, user.key, '/v1/chat/completions', chat(openaiRoute.model)) : openStream(app.url, user.key, '/v1/messages', messages(anthropicRoute.model));
    const running = await stream;
    expect((await user.client.delete(`/api/v1/keys/${user.keyId}`)).status).toBe(204);
    const revokedAt = Date.now();
    const { text, endedAt } = await running.done;
    expect(endedAt - revokedAt).toBeLessThan(1_000);
    // The whole answer takes 6 s; it was cut, with an error event in the caller's format.
    expect(text).not.toContain('word39');
    if (format === 'openai') expect(text).toMatch(/"error":\{[^}]*"message":"This API key has been revoked"/);
    else expect(text).toMatch(/event: error\s+data: \{"type":"error","error":\{"type":"authentication_error","message":"This API key has been revoked"/);
    // Charged for what it delivered, logged as ended by the gateway.
    const row = await waitFor(async () => {
      const items = (await user.client.get('/api/v1/users/me/usage')).body.items as any[];
      return items?.find((r) => r.status === 401);
    }, 10_000, 100);
    expect(row.error).toMatch(/stream ended by the gateway: This API key has been revoked/);
    expect(row.completionTokens).toBeGreaterThan(0);
    expect(row.costUsd).toBeGreaterThan(0);
    const fake = (format === 'openai' ? openaiRoute : anthropicRoute).providers[0].fake!;
    await waitFor(() => fake.requests.at(-1)?.closedEarly === true, 5_000);
  }, 30_000);

  it('revokes while Redis is down (204), refused at once on that replica and on the others once Redis is back', async () => {
    const user = await gw.user({ creditsUsd: 10 });
    const ask = (t: TestApp) => api(t.url, user.key).get('/v1/models');
    // Both replicas have the key cached.
    expect((await ask(a)).status).toBe(200);
    expect((await ask(b)).status).toBe(200);

    await relay.cut();
    const revoked = await user.client.delete(`/api/v1/keys/${user.keyId}`);
    expect(revoked.status).toBe(204);
    const refused = await ask(a);
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toBe('This API key has been revoked');
    const listed = await user.client.get('/api/v1/keys');
    expect(listed.body.find((k: { id: string }) => k.id === user.keyId)).toMatchObject({ revokedAt: expect.any(String) });

    const back = Date.now();
    await relay.open();
    // Not the minute of the cache's backstop: the notification is sent again and replicas resync.
    await waitFor(async () => (await ask(b)).status === 401, 10_000, 100);
    expect(Date.now() - back).toBeLessThan(10_000);
  }, 30_000);
});
