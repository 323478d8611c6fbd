/**
 * Every refusal the gateway makes, in the caller's format, through the official SDKs and
 * plain HTTP: 400, 401, 402, 403, 404, 413 and 429 with their headers. Runs on real
 * Redis, so limits and revocation go through the shared state replicas use.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { waitFor } from '@gateway/testing';
import { api } from '../support/http';
import { DEFAULT_TEXT } from '../support/fake-upstream';
import { startTestApp, type TestApp } from '../support/test-app';
import { Gateway, type Route, SERVER_TIMING } from './gateway-fixture';

jest.setTimeout(30_000);

const chat = (model: string) => ({ model, messages: [{ role: 'user', content: 'Hello' }] });
const message = (model: string) => ({ model, max_tokens: 20, messages: [{ role: 'user', content: 'Hello' }] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('gateway: errors and limits in the caller format (Redis)', () => {
  let t: TestApp;
  let gw: Gateway;
  let route: Route;
  beforeAll(async () => {
    t = await startTestApp({ redis: true });
    gw = await new Gateway(t).init();
    route = await gw.route([{ kind: 'openai' }]);
  });
  afterAll(async () => {
    await gw.close();
    await t.close();
  });

  /** POST both formats with these headers; returns [openai, anthropic] responses. */
  const both = (model: string, headers: Record<string, string>) =>
    Promise.all([api(t.url).post('/v1/chat/completions', chat(model), headers), api(t.url).post('/v1/messages', message(model), headers)]);

  describe('401: who is calling', () => {
    it('refuses a missing, malformed or unknown key in each format', async () => {
      const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer gw-not-a-real-key-000000000000000000000000000' }, { 'x-api-key': 'sk-something-else' }, { authorization: 'Basic abc' }];
      for (const headers of attempts) {
        const [openai, anthropic] = await both(route.model, headers);
        expect(openai.status).toBe(401);
        expect(openai.body).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', code: 'invalid_api_key' } });
        expect(anthropic.status).toBe(401);
        expect(anthropic.body).toEqual({ type: 'error', error: { type: 'authentication_error', message: expect.any(String) } });
        expect(openai.headers.get('x-request-id')).toBeTruthy();
        expect(anthropic.headers.get('x-request-id')).toBeTruthy();
      }
      const missing = await api(t.url).post('/v1/chat/completions', chat(route.model));
      expect(missing.body.error.message).toMatch(/Missing credentials/);
      expect(route.providers[0].fake!.requests).toHaveLength(0);
    });

    it('raises AuthenticationError in both SDKs for an unknown key', async () => {
      const openai = await gw.openai('gw-unknown-key-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa').chat.completions.create({ model: route.model, messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
      expect(openai).toBeInstanceOf(OpenAI.AuthenticationError);
      const anthropic = await gw.anthropic('gw-unknown-key-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa').messages.create({ model: route.model, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
      expect(anthropic).toBeInstanceOf(Anthropic.AuthenticationError);
      expect(anthropic.error).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'Invalid API key' } });
    });

    it('refuses a key once it is revoked, on every gateway route', async () => {
      const u = await gw.user();
      expect((await u.openai.chat.completions.create({ model: route.model, messages: [{ role: 'user', content: 'x' }] })).choices[0].message.content).toBe(DEFAULT_TEXT);
      expect((await u.client.delete(`/api/v1/keys/${u.keyId}`)).status).toBe(204);
      const refused = await waitFor(async () => {
        const res = await api(t.url, u.key).post('/v1/chat/completions', chat(route.model));
        return res.status === 401 ? res : undefined;
      }, 2000);
      expect(refused!.body.error.message).toBe('This API key has been revoked');
      const [openai, anthropic] = await both(route.model, { 'x-api-key': u.key });
      expect([openai.status, anthropic.status]).toEqual([401, 401]);
      expect(anthropic.body.error).toEqual({ type: 'authentication_error', message: 'This API key has been revoked' });
      expect((await api(t.url, u.key).get('/v1/models')).status).toBe(401);
      expect((await api(t.url, u.key).post('/v1/embeddings', { model: route.model, input: 'x' })).status).toBe(401);
    });

    it('refuses an expired key', async () => {
      const u = await gw.user();
      const key = (await u.client.post('/api/v1/keys', { name: 'short-lived', expiresAt: new Date(Date.now() + 1500).toISOString() })).body.key;
      expect((await api(t.url, key).post('/v1/chat/completions', chat(route.model))).status).toBe(200);
      await sleep(1600);
      const [openai, anthropic] = await both(route.model, { authorization: `Bearer ${key}` });
      expect(openai.status).toBe(401);
      expect(openai.body.error).toMatchObject({ message: 'This API key has expired', code: 'invalid_api_key' });
      expect(anthropic.body).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'This API key has expired' } });
    });

    it('refuses the keys of a deactivated user (403), and takes them back on reactivation', async () => {
      const u = await gw.user();
      expect((await gw.admin.patch(`/api/v1/admin/users/${u.id}`, { active: false })).status).toBe(200);
      const refused = await waitFor(async () => {
        const res = await api(t.url, u.key).post('/v1/messages', message(route.model));
        return res.status === 403 ? res : undefined;
      }, 2000);
      expect(refused!.body).toEqual({ type: 'error', error: { type: 'permission_error', message: 'This account is deactivated' } });
      await gw.admin.patch(`/api/v1/admin/users/${u.id}`, { active: true });
      await waitFor(async () => (await api(t.url, u.key).post('/v1/messages', message(route.model))).status === 200, 2000);
    });
  });

  describe('403: what the caller may use', () => {
    it('refuses a model outside the key’s allow-list, and lists only the allowed ones', async () => {
      const other = await gw.route([{ kind: 'openai' }]);
      const u = await gw.user({ key: { models: [route.model] } });
      expect((await u.openai.chat.completions.create({ model: route.model, messages: [{ role: 'user', content: 'x' }] })).choices[0].message.content).toBe(DEFAULT_TEXT);
      const err = await u.openai.chat.completions.create({ model: other.model, messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
      expect(err.error).toEqual({ message: expect.stringContaining(other.model), type: 'permission_error', code: 'model_not_allowed' });
      const anthropic = await u.anthropic.messages.create(message(other.model) as never).catch((e) => e);
      expect(anthropic).toBeInstanceOf(Anthropic.PermissionDeniedError);
      expect(anthropic.error.error.type).toBe('permission_error');
      expect(other.providers[0].fake!.requests).toHaveLength(0);
      const models = await u.openai.models.list();
      expect(models.data.map((m) => m.id)).toEqual([route.model]);
    });

    it('refuses a model reserved for other tiers until the user’s tier allows it', async () => {
      const pro = await gw.route([{ kind: 'anthropic' }], { tiers: ['pro', 'enterprise'] });
      const u = await gw.user();
      const [openai, anthropic] = await both(pro.model, { 'x-api-key': u.key });
      expect(openai.status).toBe(403);
      expect(openai.body.error.code).toBe('model_not_allowed');
      expect(anthropic.status).toBe(403);
      expect(anthropic.body.error.type).toBe('permission_error');
      expect((await u.openai.models.list()).data.map((m) => m.id)).not.toContain(pro.model);

      expect((await gw.admin.patch(`/api/v1/admin/users/${u.id}`, { tier: 'pro' })).status).toBe(200);
      await waitFor(async () => (await api(t.url, u.key).post('/v1/messages', message(pro.model))).status === 200, 2000);
      expect((await u.openai.models.list()).data.map((m) => m.id)).toContain(pro.model);
    });

    it('refuses a key used from an origin it does not list, and answers CORS only for the listed one', async () => {
      const u = await gw.user({ key: { allowedOrigins: ['https://widget.example.com'] } });
      const good = await api(t.url, u.key).post('/v1/chat/completions', chat(route.model), { origin: 'https://widget.example.com' });
      expect(good.status).toBe(200);
      expect(good.headers.get('access-control-allow-origin')).toBe('https://widget.example.com');

      const evil = await api(t.url, u.key).post('/v1/chat/completions', chat(route.model), { origin: 'https://evil.example.com' });
      expect(evil.status).toBe(403);
      expect(evil.body.error).toMatchObject({ type: 'permission_error', code: 'origin_not_allowed', message: expect.stringContaining('https://evil.example.com') });
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();

      const none = await api(t.url, u.key).post('/v1/messages', message(route.model));
      expect(none.status).toBe(403);
      expect(none.body.error.type).toBe('permission_error');

      // A stream carries the CORS answer too.
      const stream = await fetch(`${t.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${u.key}`, origin: 'https://widget.example.com' },
        body: JSON.stringify({ ...chat(route.model), stream: true }),
      });
      expect(stream.headers.get('access-control-allow-origin')).toBe('https://widget.example.com');
      expect(await stream.text()).toContain('data: [DONE]');
      expect((await api(t.url, u.key).get('/v1/models', { origin: 'https://evil.example.com' })).status).toBe(403);
    });
  });

  describe('404 and 400: what the caller asked for', () => {
    it('answers 404 for an unknown model and for a disabled one, which is not listed either', async () => {
      const u = await gw.user();
      const unknown = await u.openai.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
      expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
      expect(unknown.error).toEqual({ message: 'The model "no-such-model" does not exist', type: 'invalid_request_error', code: 'model_not_found' });

      const soon = await gw.route([{ kind: 'openai' }]);
      expect((await u.openai.models.list()).data.map((m) => m.id)).toContain(soon.model);
      expect((await gw.admin.patch(`/api/v1/models/${soon.modelId}`, { enabled: false })).status).toBe(200);
      const disabled = await u.anthropic.messages.create(message(soon.model) as never).catch((e) => e);
      expect(disabled).toBeInstanceOf(Anthropic.NotFoundError);
      expect(disabled.error).toEqual({ type: 'error', error: { type: 'not_found_error', message: `The model "${soon.model}" does not exist` } });
      expect((await u.openai.models.list()).data.map((m) => m.id)).not.toContain(soon.model);
      expect(soon.providers[0].fake!.requests).toHaveLength(0);
    });

    it('answers 400 for a malformed request in the caller format', async () => {
      const u = await gw.user();
      const upstreamCalls = route.providers[0].fake!.requests.length;
      const noMessages = await api(t.url, u.key).post('/v1/chat/completions', { model: route.model });
      expect(noMessages.status).toBe(400);
      expect(noMessages.body).toEqual({ error: { message: expect.stringMatching(/^messages/), type: 'invalid_request_error', code: 'invalid_request' } });
      const badRole = await api(t.url, u.key).post('/v1/messages', { model: route.model, max_tokens: 5, messages: [{ role: 'tool', content: 'x' }] });
      expect(badRole.status).toBe(400);
      expect(badRole.body).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(/role/) } });
      const notJson = await api(t.url, u.key).post('/v1/messages', '{"model": ', { 'content-type': 'application/json' });
      expect(notJson.status).toBe(400);
      expect(notJson.body.type).toBe('error');
      expect(notJson.body.error.type).toBe('invalid_request_error');
      const badTokens = await api(t.url, u.key).post('/v1/chat/completions', { ...chat(route.model), max_tokens: -3 });
      expect(badTokens.status).toBe(400);
      // None of them reached the upstream.
      expect(route.providers[0].fake!.requests).toHaveLength(upstreamCalls);
    });

    it('answers 413 for a body above the limit, in the caller format', async () => {
      const u = await gw.user();
      const huge = { ...chat(route.model), messages: [{ role: 'user', content: 'x'.repeat(6 * 1024 * 1024) }] };
      const res = await api(t.url, u.key).post('/v1/chat/completions', huge);
      expect(res.status).toBe(413);
      expect(res.body.error.type).toBe('invalid_request_error');
    });
  });

  describe('402: credits and quotas', () => {
    it('refuses a user without credits on a priced model, but serves a free model', async () => {
      const u = await gw.user({ creditsUsd: 0 });
      const [openai, anthropic] = await both(route.model, { 'x-api-key': u.key });
      expect(openai.status).toBe(402);
      expect(openai.body).toEqual({ error: { message: expect.stringMatching(/Not enough credits/), type: 'insufficient_quota', code: 'insufficient_credits' } });
      expect(anthropic.status).toBe(402);
      expect(anthropic.body).toEqual({ type: 'error', error: { type: 'billing_error', message: expect.stringMatching(/Not enough credits/) } });
      const sdk = await u.openai.chat.completions.create({ model: route.model, messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
      expect(sdk).toBeInstanceOf(OpenAI.APIError);
      expect(sdk.status).toBe(402);

      const free = await gw.route([{ kind: 'mock' }], { inputPriceUsdPerMTok: 0, outputPriceUsdPerMTok: 0 });
      expect((await api(t.url, u.key).post('/v1/chat/completions', chat(free.model))).status).toBe(200);

      // A grant lets the same key through.
      await gw.admin.post('/api/v1/admin/credits/grant', { userId: u.id, amountUsd: 1 });
      await waitFor(async () => (await api(t.url, u.key).post('/v1/chat/completions', chat(route.model))).status === 200, 2000);
    });

    it('refuses a key whose quota is spent, while the user’s other keys still work', async () => {
      const QUOTA_SPENT = "This API key's total budget of $0.05 is spent; it does not reset: raise it or remove it";
      // One request costs 21 * $1000/M + 9 * $2000/M = $0.039: a $0.05 quota allows two (the second overdraws by less than one).
      const u = await gw.user({ key: { quotaUsd: 0.05 } });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await api(t.url, u.key).post('/v1/chat/completions', chat(route.model));
        statuses.push(res.status);
        if (res.status === 402) {
          expect(res.body.error).toEqual({ message: QUOTA_SPENT, type: 'insufficient_quota', code: 'key_quota_exceeded' });
          const anthropic = await api(t.url, u.key).post('/v1/messages', message(route.model));
          expect(anthropic.body).toEqual({ type: 'error', error: { type: 'billing_error', message: QUOTA_SPENT } });
        }
        await sleep(200); // settlement (Redis) follows the response
      }
      expect(statuses).toEqual([200, 200, 402, 402]);
      const key = await waitFor(async () => {
        const k = (await u.client.get(`/api/v1/keys/${u.keyId}`)).body;
        return k.quotaUsedUsd > 0.07 ? k : undefined;
      });
      expect(key.quotaUsedUsd).toBeCloseTo(0.078, 6);
      const second = (await u.client.post('/api/v1/keys', { name: 'second' })).body.key;
      expect((await api(t.url, second).post('/v1/chat/completions', chat(route.model))).status).toBe(200);
    });
  });

  describe('429: rate limits', () => {
    it('limits requests per minute per key, with Retry-After and X-RateLimit-* headers', async () => {
      const u = await gw.user({ key: { rpm: 2 } });
      const first = await api(t.url, u.key).post('/v1/chat/completions', chat(route.model));
      expect(first.status).toBe(200);
      expect(first.headers.get('x-ratelimit-limit')).toBe('2');
      expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
      const second = await api(t.url, u.key).post('/v1/messages', message(route.model));
      expect(second.status).toBe(200);
      expect(second.headers.get('x-ratelimit-remaining')).toBe('0');

      const limited = await api(t.url, u.key).post('/v1/chat/completions', chat(route.model));
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual({ error: { message: expect.stringMatching(/Rate limit reached \(requests per minute\)/), type: 'rate_limit_error', code: 'rate_limit_exceeded' } });
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(limited.headers.get('x-ratelimit-limit')).toBe('2');
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(1);
      expect(limited.headers.get('x-request-id')).toBeTruthy();
      expect(limited.headers.get('server-timing')).toMatch(SERVER_TIMING);

      const anthropic = await u.anthropic.messages.create(message(route.model) as never).catch((e) => e);
      expect(anthropic).toBeInstanceOf(Anthropic.RateLimitError);
      expect(anthropic.error.error.type).toBe('rate_limit_error');
      expect(anthropic.headers.get('retry-after')).toBeTruthy();

      // The limit is the key's: another key of the same user is not limited.
      const other = (await u.client.post('/api/v1/keys', { name: 'other', rpm: 2 })).body.key;
      expect((await api(t.url, other).post('/v1/chat/completions', chat(route.model))).status).toBe(200);
    });

    it('limits tokens per minute per key, counting prompt and completion tokens', async () => {
      // Each answer uses 21 + 9 = 30 tokens; a 50-token window admits two requests.
      const u = await gw.user({ key: { tpm: 50 } });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        statuses.push((await api(t.url, u.key).post('/v1/chat/completions', chat(route.model))).status);
        await sleep(200); // settlement (Redis) follows the response
      }
      expect(statuses).toEqual([200, 200, 429]);
      const limited = await api(t.url, u.key).post('/v1/messages', message(route.model));
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: expect.stringMatching(/tokens per minute/) } });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    });

    it('counts the key’s rate limit on streams too, and limits JWT callers per user', async () => {
      const u = await gw.user({ key: { rpm: 1 } });
      const stream = await fetch(`${t.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${u.key}` },
        body: JSON.stringify({ ...chat(route.model), stream: true }),
      });
      expect(stream.headers.get('x-ratelimit-limit')).toBe('1');
      expect(stream.headers.get('x-ratelimit-remaining')).toBe('0');
      await stream.text();
      expect((await api(t.url, u.key).post('/v1/chat/completions', { ...chat(route.model), stream: true })).status).toBe(429);
      // A logged-in session is limited by the tier default (60 a minute for free users), not by the key's.
      const jwt = await u.client.post('/v1/chat/completions', chat(route.model));
      expect(jwt.status).toBe(200);
      expect(jwt.headers.get('x-ratelimit-limit')).toBe('60');
    });
  });
});
