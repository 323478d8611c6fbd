/**
 * `POST /v1/messages/count_tokens` with the Anthropic SDK (asked of anthropic providers, counted
 * by the gateway for the others, never charged nor logged as usage), unknown gateway routes in
 * the caller's error shape, and upstream overload and rate limits as the caller's SDK knows them.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { api } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';
import { Gateway, privateDataDir, type Route } from './gateway-fixture';

jest.setTimeout(30_000);

const question = { messages: [{ role: 'user' as const, content: 'How many tokens is this question?' }] };
/** OpenAI's error shape: `{error: {message, type, code}}` and nothing else. */
function expectOpenAiError(body: any) {
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toMatchObject({ message: expect.any(String), type: expect.any(String) });
}
const ANTHROPIC_ERROR = (type: string) => ({ type: 'error', error: { type, message: expect.any(String) } });

describe('gateway: count_tokens, unknown routes and upstream errors (official SDKs, fake upstreams)', () => {
  let t: TestApp;
  let gw: Gateway;
  beforeAll(async () => {
    t = await startTestApp({ env: { DATA_DIR: privateDataDir() } });
    gw = await new Gateway(t).init();
  });
  afterAll(async () => {
    await gw.close();
    await t.close();
  });

  describe('messages.countTokens', () => {
    let anthropic: Route;
    let openai: Route;
    let mock: Route;
    beforeAll(async () => {
      anthropic = await gw.route([{ kind: 'anthropic', upstreamModel: 'claude-counted', behaviour: { countTokens: 1234 } }]);
      openai = await gw.route([{ kind: 'openai' }]);
      mock = await gw.route([{ kind: 'mock' }]);
    });

    it('asks an anthropic provider, with the caller body but for the model, and charges nothing', async () => {
      const u = await gw.user();
      const sent: Array<{ body: string; headers: Headers }> = [];
      const client = new Anthropic({
        apiKey: u.key,
        baseURL: t.url,
        maxRetries: 0,
        fetch: (input, init) => {
          sent.push({ body: String(init?.body), headers: new Headers(init?.headers) });
          return fetch(input, init);
        },
      });
      const body: any = {
        model: anthropic.model,
        system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
        thinking: { type: 'enabled', budget_tokens: 2048 },
        tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
        ...question,
      };
      const counted = await client.messages.countTokens(body);
      expect(counted).toEqual({ input_tokens: 1234 });
      const upstream = anthropic.providers[0].fake!.last('/v1/messages/count_tokens')!;
      expect(upstream.rawBody).toBe(sent[0].body.replace(`"model":${JSON.stringify(anthropic.model)}`, '"model":"claude-counted"'));
      expect(upstream.headers['x-api-key']).toBe('sk-upstream-anthropic-secret-1234');
      expect(upstream.headers['anthropic-version']).toBe(sent[0].headers.get('anthropic-version'));
      expect(anthropic.providers[0].fake!.to('/v1/messages')).toHaveLength(0);
      await client.beta.messages.countTokens({ ...body, betas: ['context-1m-2025-08-07'] });
      expect(anthropic.providers[0].fake!.last('/v1/messages/count_tokens')!.headers['anthropic-beta']).toBe(sent[1].headers.get('anthropic-beta'));
      expect(sent[1].headers.get('anthropic-beta')).toContain('context-1m-2025-08-07');

      // Never charged, never a usage row: the one row is the message that follows.
      expect(await gw.balance(u)).toBe(10);
      const { response } = await u.anthropic.messages.create({ model: anthropic.model, max_tokens: 20, ...question }).withResponse();
      await gw.usageRow(u, response.headers.get('x-request-id')!);
      const rows = (await u.client.get('/api/v1/users/me/usage?pageSize=100')).body;
      expect(rows.total).toBe(1);
      expect(rows.items[0].endpoint).toBe('/v1/messages');
    });

    it.each([
      ['an openai-kind provider', () => openai],
      ['the mock provider', () => mock],
    ])('counts for %s itself, with a real tokenizer', async (_label, route) => {
      const u = await gw.user();
      const short = await u.anthropic.messages.countTokens({ model: route().model, ...question });
      expect(Number.isInteger(short.input_tokens)).toBe(true);
      expect(short.input_tokens).toBeGreaterThan(0);
      const long = await u.anthropic.messages.countTokens({ model: route().model, system: 'Answer in French. '.repeat(50), ...question });
      expect(long.input_tokens).toBeGreaterThan(short.input_tokens + 100);
      for (const fake of route().providers.map((p) => p.fake).filter(Boolean)) expect(fake!.requests).toHaveLength(0);
      expect(await gw.balance(u)).toBe(10);
      await new Promise((r) => setTimeout(r, 500));
      expect((await u.client.get('/api/v1/users/me/usage')).body.total).toBe(0);
      // Counted in the metrics instead.
      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      const counted = new RegExp(`gateway_requests_total\\{[^}]*model="${route().model}"[^}]*endpoint="/v1/messages/count_tokens"[^}]*status="200"[^}]*\\} 2`);
      expect(metrics).toMatch(counted);
    });

    it("follows the key's model rules: 403 for a model the key excludes, 404 for an unknown one", async () => {
      const u = await gw.user({ key: { models: [openai.model] } });
      const asked = anthropic.providers[0].fake!.to('/v1/messages/count_tokens').length;
      const refused = await u.anthropic.messages.countTokens({ model: anthropic.model, ...question }).catch((e) => e);
      expect(refused).toBeInstanceOf(Anthropic.PermissionDeniedError);
      expect(refused.error).toEqual(ANTHROPIC_ERROR('permission_error'));
      const unknown = await api(t.url, u.key).post('/v1/messages/count_tokens', { model: 'no-such-model', ...question });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual(ANTHROPIC_ERROR('not_found_error'));
      expect(anthropic.providers[0].fake!.to('/v1/messages/count_tokens')).toHaveLength(asked);
      const anonymous = await api(t.url).post('/v1/messages/count_tokens', { model: openai.model, ...question });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toEqual(ANTHROPIC_ERROR('authentication_error'));
    });

    it("is subject to the key's rpm", async () => {
      const u = await gw.user({ key: { rpm: 2 } });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await api(t.url, u.key).post('/v1/messages/count_tokens', { model: mock.model, ...question })).status);
      expect(statuses).toEqual([200, 200, 429]);
      const limited = await api(t.url, u.key).post('/v1/messages/count_tokens', { model: mock.model, ...question });
      expect(limited.body).toEqual(ANTHROPIC_ERROR('rate_limit_error'));
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    });

    it.each([
      ['no messages', { model: 'x' }],
      ['messages not an array', { model: 'x', messages: 'hello' }],
      ['a message with a bad role', { model: 'x', messages: [{ role: 'robot', content: 'hi' }] }],
      ['no model', { messages: question.messages }],
      ['a body that is not an object', [1, 2]],
    ])('bad body (%s) -> 400 in Anthropic shape', async (_label, body) => {
      const u = await gw.user();
      const withModel = Array.isArray(body) || !('model' in body) ? body : { ...body, model: mock.model };
      const res = await api(t.url, u.key).post('/v1/messages/count_tokens', withModel);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(ANTHROPIC_ERROR('invalid_request_error'));
      const notJson = await api(t.url, u.key).post('/v1/messages/count_tokens', '{"model":');
      expect(notJson.status).toBe(400);
      expect(notJson.body).toEqual(ANTHROPIC_ERROR('invalid_request_error'));
    });
  });

  describe('unknown routes', () => {
    it('an unknown /v1/* path is a 404 in OpenAI shape', async () => {
      const u = await gw.user();
      for (const [method, path] of [
        ['POST', '/v1/foo'],
        ['GET', '/v1/foo/bar'],
        ['POST', '/v1/chat/completion'],
        ['POST', '/v1'],
      ]) {
        const res = await fetch(`${t.url}${path}`, { method, headers: { authorization: `Bearer ${u.key}`, 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
        expectOpenAiError(await res.json());
      }
    });

    it('an unknown /v1/messages/* path is a 404 in Anthropic shape', async () => {
      const u = await gw.user();
      for (const path of ['/v1/messages/whatever', '/v1/messages/batches']) {
        const res = await api(t.url).post(path, { model: 'x' }, { 'x-api-key': u.key });
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
        expect(res.body).toEqual(ANTHROPIC_ERROR('not_found_error'));
      }
    });

    it('a known route with the wrong method is a 404 in the caller shape', async () => {
      const u = await gw.user();
      const chat = await api(t.url, u.key).get('/v1/chat/completions');
      expect(chat.status).toBe(404);
      expectOpenAiError(chat.body);
      const messages = await api(t.url, u.key).get('/v1/messages');
      expect(messages.status).toBe(404);
      expect(messages.body).toEqual(ANTHROPIC_ERROR('not_found_error'));
      const responses = await api(t.url, u.key).get('/v1/responses');
      expect(responses.status).toBe(404);
      expectOpenAiError(responses.body);
    });
  });

  describe('upstream errors keep their meaning', () => {
    it('an Anthropic 529 overloaded_error from the only target reaches an Anthropic SDK caller as such, streamed or not', async () => {
      const route = await gw.route([{ kind: 'anthropic', behaviour: { failStatus: 529, failMessage: 'Overloaded' } }]);
      const u = await gw.user();
      const err = await u.anthropic.messages.create({ model: route.model, max_tokens: 20, ...question }).catch((e) => e);
      expect(err).toBeInstanceOf(Anthropic.InternalServerError);
      expect(err.status).toBe(529);
      expect(err.error).toEqual(ANTHROPIC_ERROR('overloaded_error'));
      const streamed = await u.anthropic.messages
        .stream({ model: route.model, max_tokens: 20, ...question })
        .finalMessage()
        .catch((e) => e);
      expect(streamed.status).toBe(529);
      expect(streamed.error).toEqual(ANTHROPIC_ERROR('overloaded_error'));
    });

    it('an overloaded_error event inside an Anthropic stream reaches the Anthropic caller as overloaded_error', async () => {
      const route = await gw.route([{ kind: 'anthropic', behaviour: { streamErrorAfter: 2, chunkDelayMs: 20, failMessage: 'Overloaded' } }]);
      const u = await gw.user();
      const stream = u.anthropic.messages.stream({ model: route.model, max_tokens: 20, ...question });
      let text = '';
      stream.on('text', (delta) => (text += delta));
      const err = await stream.finalMessage().catch((e) => e);
      // The stream had begun: the error came as an event in it.
      expect(text).toBe('Hello from the fake ');
      expect(err).toBeInstanceOf(Anthropic.APIError);
      expect(err.error).toEqual(ANTHROPIC_ERROR('overloaded_error'));
    });

    it('a 529 from the last of several targets is still overloaded_error once all are exhausted', async () => {
      const route = await gw.route([
        { kind: 'anthropic', behaviour: { failStatus: 529 } },
        { kind: 'anthropic', behaviour: { failStatus: 529 } },
      ]);
      const u = await gw.user();
      const err = await u.anthropic.messages.create({ model: route.model, max_tokens: 20, ...question }).catch((e) => e);
      expect(err.status).toBe(529);
      expect(err.error.error.type).toBe('overloaded_error');
      expect(route.providers.map((p) => p.fake!.requests.length)).toEqual([1, 1]);
    });

    it('an upstream 429 reaches the caller as 429 with Retry-After, in both formats', async () => {
      const toOpenAi = await gw.route([{ kind: 'openai', behaviour: { failStatus: 429, retryAfter: '7' } }]);
      const toAnthropic = await gw.route([{ kind: 'anthropic', behaviour: { failStatus: 429, retryAfter: '7' } }]);
      const u = await gw.user();
      const openaiErr = await u.openai.chat.completions.create({ model: toOpenAi.model, ...question }).catch((e) => e);
      expect(openaiErr).toBeInstanceOf(OpenAI.RateLimitError);
      expect(openaiErr.headers.get('retry-after')).toBe('7');
      const anthropicErr = await u.anthropic.messages.create({ model: toAnthropic.model, max_tokens: 20, ...question }).catch((e) => e);
      expect(anthropicErr).toBeInstanceOf(Anthropic.RateLimitError);
      expect(anthropicErr.error).toEqual(ANTHROPIC_ERROR('rate_limit_error'));
      expect(anthropicErr.headers.get('retry-after')).toBe('7');
      const crossed = await u.anthropic.messages.create({ model: toOpenAi.model, max_tokens: 20, ...question }).catch((e) => e);
      expect(crossed.status).toBe(429);
      expect(Number(crossed.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    });
  });
});
