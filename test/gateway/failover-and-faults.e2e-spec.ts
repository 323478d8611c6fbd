/**
 * Routing across targets and what callers see when upstreams misbehave: failover to the
 * next target, 502/504 once every target failed, errors inside a 200 stream, a stream
 * cut mid-way, timeouts, and callers that go away.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { waitFor } from '@gateway/testing';
import { api } from '../support/http';
import { DEFAULT_TEXT } from '../support/fake-upstream';
import { startTestApp, type TestApp } from '../support/test-app';
import { Gateway, privateDataDir, SERVER_TIMING } from './gateway-fixture';

jest.setTimeout(30_000);

const ask = { messages: [{ role: 'user' as const, content: 'Hello' }] };

describe('gateway: failover and upstream faults (fake upstreams)', () => {
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

  describe('failover to the next target', () => {
    it.each([
      ['answers 500', { failStatus: 500 }],
      ['answers 429', { failStatus: 429 }],
      ['answers 503 (overloaded)', { failStatus: 503 }],
    ])('when the first target %s, the second answers (OpenAI caller, Anthropic second target)', async (_label, behaviour) => {
      const route = await gw.route([
        { kind: 'openai', behaviour, upstreamModel: 'first' },
        { kind: 'anthropic', upstreamModel: 'second' },
      ]);
      const [first, second] = route.providers.map((p) => p.fake!);
      const u = await gw.user();
      const { data, response } = await u.openai.chat.completions.create({ model: route.model, ...ask }).withResponse();
      expect(data.choices[0].message.content).toBe(DEFAULT_TEXT);
      expect(first.requests).toHaveLength(1);
      expect(second.requests).toHaveLength(1);
      expect(second.lastChat.model).toBe('second');
      const row = await gw.usageRow(u, response.headers.get('x-request-id')!);
      expect(row).toMatchObject({ status: 200, upstreamModel: null, promptTokens: 21, completionTokens: 9 });
    });

    it('skips a provider it cannot reach', async () => {
      const route = await gw.route([{ kind: 'openai', unreachable: true }, { kind: 'openai' }]);
      const u = await gw.user();
      const message = await u.anthropic.messages.create({ model: route.model, max_tokens: 50, ...ask });
      expect(message.content).toEqual([{ type: 'text', text: DEFAULT_TEXT }]);
      expect(route.providers[1].fake!.requests).toHaveLength(1);
    });

    it('skips a provider that does not answer within its timeout', async () => {
      const route = await gw.route([{ kind: 'anthropic', timeoutMs: 300, behaviour: { hang: true } }, { kind: 'openai' }]);
      const u = await gw.user();
      const completion = await u.openai.chat.completions.create({ model: route.model, ...ask });
      expect(completion.choices[0].message.content).toBe(DEFAULT_TEXT);
      expect(route.providers[0].fake!.requests).toHaveLength(1);
      // The gateway gave up on the hanging upstream and closed the connection.
      await waitFor(() => route.providers[0].fake!.requests[0].closedEarly);
    });

    it('fails over a stream whose upstream sends an error event inside a 200 stream before any content', async () => {
      for (const kind of ['openai', 'anthropic'] as const) {
        const route = await gw.route([{ kind, behaviour: { streamErrorFirst: true } }, { kind: kind === 'openai' ? 'anthropic' : 'openai' }]);
        const u = await gw.user();
        const viaAnthropic = await u.anthropic.messages.stream({ model: route.model, max_tokens: 50, ...ask }).finalMessage();
        expect(viaAnthropic.content).toEqual([{ type: 'text', text: DEFAULT_TEXT }]);
        let text = '';
        for await (const chunk of await u.openai.chat.completions.create({ model: route.model, ...ask, stream: true })) text += chunk.choices[0]?.delta.content ?? '';
        expect(text).toBe(DEFAULT_TEXT);
        expect(route.providers[0].fake!.requests.length).toBeGreaterThanOrEqual(1);
        expect(route.providers[1].fake!.requests).toHaveLength(2);
      }
    });

    it('tries targets by priority, lowest number first, whatever their order in the list', async () => {
      const route = await gw.route([
        { kind: 'openai', priority: 5, behaviour: { text: 'from the backup' } },
        { kind: 'openai', priority: 1, behaviour: { text: 'from the primary' } },
      ]);
      const u = await gw.user();
      for (let i = 0; i < 3; i++) {
        const completion = await u.openai.chat.completions.create({ model: route.model, ...ask });
        expect(completion.choices[0].message.content).toBe('from the primary');
      }
      expect(route.providers[0].fake!.requests).toHaveLength(0);
    });

    it('routes around a disabled provider, and stops trying a provider that keeps failing', async () => {
      const route = await gw.route([{ kind: 'openai', behaviour: { failStatus: 500 } }, { kind: 'anthropic' }]);
      const [bad, good] = route.providers;
      const u = await gw.user();
      for (let i = 0; i < 5; i++) expect((await u.openai.chat.completions.create({ model: route.model, ...ask })).choices[0].message.content).toBe(DEFAULT_TEXT);
      // After three failures in a row the breaker opens: the failing provider is no longer tried first.
      expect(bad.fake!.requests).toHaveLength(3);
      expect(good.fake!.requests).toHaveLength(5);

      const other = await gw.route([{ kind: 'openai' }, { kind: 'anthropic' }]);
      expect((await gw.admin.patch(`/api/v1/providers/${other.providers[0].id}`, { enabled: false })).status).toBe(200);
      await u.openai.chat.completions.create({ model: other.model, ...ask });
      expect(other.providers[0].fake!.requests).toHaveLength(0);
      expect(other.providers[1].fake!.requests).toHaveLength(1);
    });

    it('does not fail over a request the upstream refused as invalid (400): the caller gets the 400', async () => {
      const route = await gw.route([{ kind: 'openai', behaviour: { failStatus: 400, failMessage: 'messages: too many images' } }, { kind: 'openai' }]);
      const u = await gw.user();
      const err = await u.openai.chat.completions.create({ model: route.model, ...ask }).catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      expect(err.status).toBe(400);
      expect(err.error).toMatchObject({ message: 'messages: too many images', type: 'invalid_request_error' });
      expect(route.providers[1].fake!.requests).toHaveLength(0);
    });
  });

  describe('every target failed', () => {
    it('answers in the OpenAI format after trying each target once: 503 when the last one was overloaded (529)', async () => {
      const route = await gw.route([
        { kind: 'openai', behaviour: { failStatus: 500 } },
        { kind: 'anthropic', behaviour: { failStatus: 529 } },
      ]);
      const u = await gw.user();
      const res = await api(t.url, u.key).post('/v1/chat/completions', { model: route.model, ...ask });
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ error: { message: expect.stringMatching(/^All 2 targets failed; last: .*Fake upstream failure 529/), type: 'upstream_error', code: 'overloaded' } });
      expect(res.headers.get('x-request-id')).toBeTruthy();
      expect(res.headers.get('server-timing')).toMatch(SERVER_TIMING);
      expect(route.providers.map((p) => p.fake!.requests.length)).toEqual([1, 1]);
      const row = await gw.usageRow(u, res.headers.get('x-request-id')!);
      expect(row).toMatchObject({ status: 503, costUsd: 0, promptTokens: 0, completionTokens: 0 });
      expect(row.error).toMatch(/All 2 targets failed/);

      const sdkError = await u.openai.chat.completions.create({ model: route.model, ...ask }).catch((e) => e);
      expect(sdkError).toBeInstanceOf(OpenAI.APIError);
      expect(sdkError.status).toBe(503);
    });

    it('answers 502 in the Anthropic format, streamed requests included (nothing was sent yet)', async () => {
      const route = await gw.route([{ kind: 'anthropic', behaviour: { failStatus: 500 } }]);
      const u = await gw.user();
      const res = await api(t.url, u.key).post('/v1/messages', { model: route.model, max_tokens: 20, stream: true, ...ask });
      expect(res.status).toBe(502);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(res.body).toEqual({ type: 'error', error: { type: 'api_error', message: expect.stringContaining('Fake upstream failure 500') } });
      const sdkError = await u.anthropic.messages.create({ model: route.model, max_tokens: 20, ...ask }).catch((e) => e);
      expect(sdkError).toBeInstanceOf(Anthropic.InternalServerError);
      expect(sdkError.status).toBe(502);
    });

    it('answers 504 when every target timed out', async () => {
      const route = await gw.route([
        { kind: 'openai', timeoutMs: 200, behaviour: { headerDelayMs: 3000 } },
        { kind: 'anthropic', timeoutMs: 200, behaviour: { hang: true } },
      ]);
      const u = await gw.user();
      const openai = await api(t.url, u.key).post('/v1/chat/completions', { model: route.model, ...ask });
      expect(openai.status).toBe(504);
      expect(openai.body.error).toMatchObject({ type: 'timeout_error', code: 'timeout', message: expect.stringMatching(/did not answer within 200 ms/) });
      const anthropic = await api(t.url, u.key).post('/v1/messages', { model: route.model, max_tokens: 20, stream: true, ...ask });
      expect(anthropic.status).toBe(504);
      expect(anthropic.body).toMatchObject({ type: 'error', error: { message: expect.stringMatching(/did not answer within 200 ms/) } });
    });

    it('answers 502 when the only upstream sends an error event inside a 200 stream before any content', async () => {
      const route = await gw.route([{ kind: 'openai', behaviour: { streamErrorFirst: true, failMessage: 'upstream melted' } }]);
      const u = await gw.user();
      const err = await (async () => {
        for await (const chunk of await u.openai.chat.completions.create({ model: route.model, ...ask, stream: true })) void chunk;
      })().catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.APIError);
      expect(err.status).toBe(502);
      expect(err.message).toMatch(/upstream melted/);
    });
  });

  describe('after the stream began', () => {
    it('ends a stream cut mid-way with an error the OpenAI SDK raises, keeping what was delivered, and bills it', async () => {
      const route = await gw.route([{ kind: 'openai', behaviour: { cutAfter: 3, usage: null } }, { kind: 'openai' }]);
      const u = await gw.user();
      const { data: stream, response } = await u.openai.chat.completions.create({ model: route.model, ...ask, stream: true }).withResponse();
      const pieces: string[] = [];
      const err = await (async () => {
        for await (const chunk of stream) if (chunk.choices[0]?.delta.content) pieces.push(chunk.choices[0].delta.content);
      })().catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.APIError);
      expect(err.message).toMatch(/stream broke/);
      expect(pieces).toEqual(['Hello from ', 'the fake ', 'upstream, streamed ']);
      // No failover once bytes reached the caller.
      expect(route.providers[1].fake!.requests).toHaveLength(0);
      const row = await gw.usageRow(u, response.headers.get('x-request-id')!);
      expect(row.status).toBe(502);
      expect(row.completionTokens).toBeGreaterThan(0);
      expect(row.costUsd).toBeGreaterThan(0);
      expect(row.error).toMatch(/stream broke/);
    });

    it('ends a stream cut mid-way with an Anthropic error event the Anthropic SDK raises', async () => {
      const route = await gw.route([{ kind: 'anthropic', behaviour: { cutAfter: 2 } }]);
      const u = await gw.user();
      const stream = u.anthropic.messages.stream({ model: route.model, max_tokens: 50, ...ask });
      const deltas: string[] = [];
      stream.on('text', (text) => deltas.push(text));
      const err = await stream.finalMessage().catch((e) => e);
      expect(err).toBeInstanceOf(Anthropic.APIError);
      expect(String(err.message)).toMatch(/stream broke/);
      expect(deltas.join('')).toBe('Hello from the fake ');
    });

    it('relays an upstream error event that comes after content as an error event in the caller format', async () => {
      const route = await gw.route([{ kind: 'openai', behaviour: { streamErrorAfter: 2, chunkDelayMs: 50, failMessage: 'capacity exceeded' } }, { kind: 'openai' }]);
      const u = await gw.user();
      const res = await fetch(`${t.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': u.key },
        body: JSON.stringify({ model: route.model, max_tokens: 50, stream: true, ...ask }),
      });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain('event: message_start');
      expect(text).toMatch(/event: error\ndata: \{"type":"error","error":\{"type":"api_error","message":"[^"]*capacity exceeded/);
      expect(text).not.toContain('message_stop');
      expect(route.providers[1].fake!.requests).toHaveLength(0);
    });

    it('raises an Anthropic upstream’s error that follows message_start in the Anthropic SDK', async () => {
      const route = await gw.route([{ kind: 'anthropic', behaviour: { streamErrorAfter: 0, chunkDelayMs: 30, failMessage: 'Overloaded right now' } }]);
      const u = await gw.user();
      const err = await u.anthropic.messages.stream({ model: route.model, max_tokens: 50, ...ask }).finalMessage().catch((e) => e);
      expect(err).toBeInstanceOf(Anthropic.APIError);
      expect(String(err.message)).toMatch(/Overloaded right now/);
    });

    it('ends a stream whose upstream stalls longer than the timeout with a timeout error event', async () => {
      const route = await gw.route([{ kind: 'openai', timeoutMs: 300, behaviour: { chunkDelayMs: 1500 } }]);
      const u = await gw.user();
      const res = await fetch(`${t.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${u.key}` },
        body: JSON.stringify({ model: route.model, stream: true, ...ask }),
      });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toMatch(/data: \{"error":\{"message":"[^"]*did not answer within 300 ms[^"]*","type":"timeout_error"/);
      expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    });
  });

  describe('callers that go away', () => {
    it('stops the upstream stream when the caller aborts mid-way, and bills what was delivered', async () => {
      const route = await gw.route([{ kind: 'openai', behaviour: { chunkDelayMs: 100, text: 'word '.repeat(60) } }]);
      const fake = route.providers[0].fake!;
      const u = await gw.user();
      const before = await gw.balance(u);
      const { data: stream, response } = await u.openai.chat.completions.create({ model: route.model, ...ask, stream: true }).withResponse();
      let received = 0;
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) received++;
        if (received === 3) break; // the SDK aborts the request
      }
      await waitFor(() => fake.requests[0].closedEarly);
      expect(fake.requests[0].completed).toBe(false);
      const row = await gw.usageRow(u, response.headers.get('x-request-id')!);
      expect(row.status).toBe(499);
      expect(row.completionTokens).toBeGreaterThanOrEqual(3);
      expect(row.completionTokens).toBeLessThan(60);
      expect(row.costUsd).toBeGreaterThan(0);
      await waitFor(async () => (await gw.balance(u)) < before);
    });

    it('stops waiting on the upstream when the caller aborts before the answer began, and charges nothing', async () => {
      const route = await gw.route([{ kind: 'anthropic', behaviour: { hang: true } }]);
      const fake = route.providers[0].fake!;
      const u = await gw.user();
      const controller = new AbortController();
      const pending = u.anthropic.messages.create({ model: route.model, max_tokens: 50, ...ask }, { signal: controller.signal });
      await waitFor(() => fake.requests.length === 1);
      controller.abort();
      await expect(pending).rejects.toBeInstanceOf(Anthropic.APIUserAbortError);
      await waitFor(() => fake.requests[0].closedEarly);
      const row = await gw.onlyUsageRow(u);
      expect(row).toMatchObject({ status: 499, costUsd: 0 });
      expect(await gw.balance(u)).toBe(10);
    });
  });
});
