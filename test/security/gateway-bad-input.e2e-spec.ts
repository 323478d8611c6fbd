/**
 * Bad input to the gateway routes: every case a 400 in the caller's format, never a 500, and
 * never a provider failure (the breaker stays closed, the provider keeps serving).
 */
import { Gateway, privateDataDir, type Route, type UserKey } from '../gateway/gateway-fixture';
import { api } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe('gateway: bad input is the caller’s 400, never a 500 or a provider failure', () => {
  let t: TestApp;
  let gw: Gateway;
  let route: Route;
  let u: UserKey;
  beforeAll(async () => {
    t = await startTestApp({ env: { DATA_DIR: privateDataDir() } });
    gw = await new Gateway(t).init();
    route = await gw.route([{ kind: 'openai' }, { kind: 'anthropic' }]);
    u = await gw.user();
  });
  afterAll(async () => {
    await gw.close();
    await t.close();
  });

  const post = (path: string, body: unknown) => api(t.url, u.key).post(path, typeof body === 'string' ? body : JSON.stringify(body), { 'content-type': 'application/json' });

  const openAiCases: Array<[string, unknown]> = [
    ['content 123', [{ role: 'user', content: 123 }]],
    ['content {}', [{ role: 'user', content: {} }]],
    ['content [null]', [{ role: 'user', content: [null] }]],
    ['text part with a number', [{ role: 'user', content: [{ type: 'text', text: 5 }] }]],
    ['image part without a url', [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }]],
    ['tool_calls not an array', [{ role: 'assistant', content: null, tool_calls: 'x' }]],
    ['tool call without a function name', [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { arguments: 5 } }] }]],
    ['name a number', [{ role: 'user', content: 'hi', name: 7 }]],
  ];

  it.each(openAiCases)('OpenAI chat: %s', async (_name, messages) => {
    const res = await post('/v1/chat/completions', { model: route.model, messages });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringMatching(/^messages\[0\]/) });
  });

  const anthropicCases: Array<[string, Record<string, unknown>]> = [
    ['content 123', { messages: [{ role: 'user', content: 123 }] }],
    ['content [null]', { messages: [{ role: 'user', content: [null] }] }],
    ['text block with a number', { messages: [{ role: 'user', content: [{ type: 'text', text: 5 }] }] }],
    ['tool_use with a string input', { messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: 'x' }] }] }],
    ['system blocks without text', { system: [{ type: 'text' }], messages: [{ role: 'user', content: 'hi' }] }],
    ['tools without names', { tools: [{}], messages: [{ role: 'user', content: 'hi' }] }],
  ];

  it.each(anthropicCases)('Anthropic messages: %s', async (_name, body) => {
    const res = await post('/v1/messages', { model: route.model, max_tokens: 10, ...body });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('refuses bodies nested past 64 levels before any work, on every gateway route', async () => {
    for (const path of ['/v1/chat/completions', '/v1/messages', '/v1/responses', '/v1/embeddings', '/v1/messages/count_tokens']) {
      const res = await post(path, `{"model":"${route.model}","messages":[{"role":"user","content":"x"}],"x_extra":${deep(3000)}}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/nests deeper than 64/);
    }
  });

  it('never counts bad input against the provider: its breaker stays closed and it keeps serving', async () => {
    const [openaiFake] = route.providers.map((p) => p.fake!);
    const before = openaiFake.requests.length;
    for (let i = 0; i < 5; i++) expect((await post('/v1/chat/completions', { model: route.model, messages: [{ role: 'user', content: 123 }] })).status).toBe(400);
    for (let i = 0; i < 5; i++) expect((await post('/v1/chat/completions', `{"model":"${route.model}","messages":[{"role":"user","content":"x"}],"x":${deep(200)}}`)).status).toBe(400);
    expect(openaiFake.requests.length).toBe(before);
    const ok = await u.openai.chat.completions.create({ model: route.model, messages: [{ role: 'user', content: 'still there?' }] });
    expect(ok.choices[0].message.content).toBeTruthy();
    expect(openaiFake.requests.length).toBe(before + 1);
    expect((await api(t.url).get('/api/v1/health')).status).toBe(200);
  });
});
