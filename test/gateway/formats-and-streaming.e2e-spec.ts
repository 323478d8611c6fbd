/**
 * The official OpenAI and Anthropic SDKs against the gateway, which talks to fake
 * OpenAI- and Anthropic-shaped upstreams: both formats to both upstream kinds, streamed
 * and not, tools, the /api/v1 aliases, and the headers and usage a caller sees.
 */
import { waitFor } from '@gateway/testing';
import { api } from '../support/http';
import { DEFAULT_TEXT } from '../support/fake-upstream';
import { startTestApp, type TestApp } from '../support/test-app';
import { costOf, Gateway, privateDataDir, SERVER_TIMING, sseEvents, timing } from './gateway-fixture';

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};
const anthropicWeatherTool = { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } };

jest.setTimeout(30_000);

describe('gateway: both API formats to both upstream kinds (official SDKs, fake upstreams)', () => {
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

  describe('OpenAI SDK -> OpenAI upstream', () => {
    it('answers a chat completion, passes the request through with the upstream model and key, and bills the reported usage', async () => {
      const route = await gw.route([{ kind: 'openai', upstreamModel: 'gpt-upstream' }]);
      const fake = route.providers[0].fake!;
      const u = await gw.user();
      const { data, response } = await u.openai.chat.completions
        .create({ model: route.model, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Say hello' }], max_tokens: 50, temperature: 0.3 })
        .withResponse();

      expect(data.choices[0].message.content).toBe(DEFAULT_TEXT);
      expect(data.choices[0].finish_reason).toBe('stop');
      expect(data.usage).toMatchObject({ prompt_tokens: 21, completion_tokens: 9, total_tokens: 30 });

      const sent = fake.to('/v1/chat/completions')[0];
      expect(sent.headers.authorization).toBe('Bearer sk-upstream-openai-secret-1234');
      expect(sent.body).toMatchObject({ model: 'gpt-upstream', temperature: 0.3, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Say hello' }] });
      // Passthrough: the caller's fields as they came, but for the model (max_tokens is not renamed).
      expect(sent.body.max_tokens).toBe(50);
      expect(sent.body.max_completion_tokens).toBeUndefined();
      expect(sent.body.stream).toBeFalsy();

      const requestId = response.headers.get('x-request-id')!;
      expect(requestId).toBeTruthy();
      expect(response.headers.get('server-timing')).toMatch(SERVER_TIMING);
      expect(Number(response.headers.get('x-ratelimit-limit'))).toBe(60);
      expect(Number(response.headers.get('x-ratelimit-remaining'))).toBe(59);
      expect(Number(response.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);

      const row = await gw.usageRow(u, requestId);
      expect(row).toMatchObject({ model: route.model, upstreamModel: null, provider: null, endpoint: '/v1/chat/completions', stream: false, status: 200, promptTokens: 21, completionTokens: 9 });
      expect(row.costUsd).toBeCloseTo(costOf(21, 9), 9);
      expect(await gw.balance(u)).toBeCloseTo(10 - costOf(21, 9), 6);
    });

    it('streams with stream_options.include_usage: text in pieces, a final usage chunk, and the upstream asked for usage', async () => {
      const route = await gw.route([{ kind: 'openai' }]);
      const u = await gw.user();
      const { data: stream, response } = await u.openai.chat.completions
        .create({ model: route.model, messages: [{ role: 'user', content: 'Stream please' }], stream: true, stream_options: { include_usage: true } })
        .withResponse();
      expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
      expect(response.headers.get('x-request-id')).toBeTruthy();
      expect(response.headers.get('server-timing')).toMatch(SERVER_TIMING);
      expect(response.headers.get('x-ratelimit-limit')).toBe('60');
      const pieces: string[] = [];
      let usage: unknown;
      let finish: string | null = null;
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        if (choice?.delta.content) pieces.push(choice.delta.content);
        if (choice?.finish_reason) finish = choice.finish_reason;
        if (chunk.usage) usage = chunk.usage;
      }
      expect(pieces.length).toBeGreaterThan(3);
      expect(pieces.join('')).toBe(DEFAULT_TEXT);
      expect(finish).toBe('stop');
      expect(usage).toMatchObject({ prompt_tokens: 21, completion_tokens: 9 });
      expect(route.providers[0].fake!.lastChat).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    });

    it('streams without include_usage: no usage chunk reaches the caller, yet the upstream usage is billed', async () => {
      const route = await gw.route([{ kind: 'openai' }]);
      const u = await gw.user();
      const { data: stream, response } = await u.openai.chat.completions.create({ model: route.model, messages: [{ role: 'user', content: 'Hi' }], stream: true }).withResponse();
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      expect(chunks.some((c) => c.usage)).toBe(false);
      expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(DEFAULT_TEXT);
      // The gateway still asks the upstream for usage, to bill it.
      expect(route.providers[0].fake!.lastChat.stream_options).toEqual({ include_usage: true });
      const row = await gw.usageRow(u, response.headers.get('x-request-id')!);
      expect(row).toMatchObject({ stream: true, status: 200, promptTokens: 21, completionTokens: 9 });
      expect(row.ttftMs).not.toBeNull();
    });

    it('counts the tokens itself when the upstream reports no usage', async () => {
      const route = await gw.route([{ kind: 'openai', behaviour: { usage: null } }]);
      const u = await gw.user();
      const { data, response } = await u.openai.chat.completions.create({ model: route.model, messages: [{ role: 'user', content: 'Count me' }] }).withResponse();
      expect(data.usage).toBeUndefined();
      const row = await gw.usageRow(u, response.headers.get('x-request-id')!);
      expect(row.promptTokens).toBeGreaterThan(0);
      expect(row.completionTokens).toBeGreaterThan(5);
      expect(row.costUsd).toBeGreaterThan(0);
    });
  });

  describe('OpenAI SDK -> Anthropic upstream', () => {
    it('translates the request (system, max_tokens, x-api-key) and the answer (text, finish_reason, usage)', async () => {
      const route = await gw.route([{ kind: 'anthropic', upstreamModel: 'claude-upstream' }]);
      const fake = route.providers[0].fake!;
      const u = await gw.user();
      const { data, response } = await u.openai.chat.completions
        .create({ model: route.model, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Say hello' }], max_tokens: 64, stop: ['END'] })
        .withResponse();
      expect(data.object).toBe('chat.completion');
      expect(data.choices[0].message).toMatchObject({ role: 'assistant', content: DEFAULT_TEXT });
      expect(data.choices[0].finish_reason).toBe('stop');
      expect(data.usage).toMatchObject({ prompt_tokens: 21, completion_tokens: 9, total_tokens: 30 });

      const sent = fake.to('/v1/messages')[0];
      expect(sent.headers['x-api-key']).toBe('sk-upstream-anthropic-secret-1234');
      expect(sent.headers['anthropic-version']).toBe('2023-06-01');
      expect(sent.headers.authorization).toBeUndefined();
      expect(sent.body).toEqual({ model: 'claude-upstream', system: 'Be brief.', messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello' }] }], max_tokens: 64, stop_sequences: ['END'] });
      expect(response.headers.get('server-timing')).toMatch(SERVER_TIMING);
    });

    it('streams Anthropic events to the caller as OpenAI chunks, with usage when asked', async () => {
      const route = await gw.route([{ kind: 'anthropic' }]);
      const u = await gw.user();
      const stream = await u.openai.chat.completions.create({ model: route.model, messages: [{ role: 'user', content: 'Stream' }], stream: true, stream_options: { include_usage: true } });
      let text = '';
      let usage: any;
      let finish: string | null = null;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        if (chunk.choices[0]?.finish_reason) finish = chunk.choices[0].finish_reason;
        if (chunk.usage) usage = chunk.usage;
      }
      expect(text).toBe(DEFAULT_TEXT);
      expect(finish).toBe('stop');
      expect(usage).toMatchObject({ prompt_tokens: 21, completion_tokens: 9 });
      expect(route.providers[0].fake!.lastChat).toMatchObject({ stream: true, max_tokens: expect.any(Number) });
    });

    it('translates tools both ways: tool definitions out, a tool call back, and the tool result on the next turn', async () => {
      const route = await gw.route([{ kind: 'anthropic', behaviour: { toolArguments: { city: 'Oslo' } } }]);
      const fake = route.providers[0].fake!;
      const u = await gw.user();
      const first = await u.openai.chat.completions.create({ model: route.model, messages: [{ role: 'user', content: 'Weather in Oslo?' }], tools: [weatherTool] });
      expect(first.choices[0].finish_reason).toBe('tool_calls');
      const call = first.choices[0].message.tool_calls![0];
      expect(call).toMatchObject({ id: 'toolu_fake_1', type: 'function', function: { name: 'get_weather' } });
      expect(JSON.parse((call as { function: { arguments: string } }).function.arguments)).toEqual({ city: 'Oslo' });
      expect(fake.lastChat.tools).toEqual([{ name: 'get_weather', description: 'Weather for a city', input_schema: weatherTool.function.parameters }]);

      await u.openai.chat.completions.create({
        model: route.model,
        tools: [weatherTool],
        messages: [{ role: 'user', content: 'Weather in Oslo?' }, first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: 'Snowing, -3C' }],
      });
      const followUp = fake.lastChat.messages;
      expect(followUp[1]).toMatchObject({ role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_fake_1', name: 'get_weather', input: { city: 'Oslo' } }] });
      expect(followUp[2]).toMatchObject({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_fake_1', content: 'Snowing, -3C' }] });
    });

    it('streams a tool call as OpenAI tool_call deltas the SDK accumulates', async () => {
      const route = await gw.route([{ kind: 'anthropic', behaviour: { toolArguments: { city: 'Lima', days: 3 } } }]);
      const u = await gw.user();
      const completion = await u.openai.chat.completions.stream({ model: route.model, messages: [{ role: 'user', content: 'Weather?' }], tools: [weatherTool] }).finalChatCompletion();
      expect(completion.choices[0].finish_reason).toBe('tool_calls');
      const call = completion.choices[0].message.tool_calls![0] as { id: string; function: { name: string; arguments: string } };
      expect(call.function.name).toBe('get_weather');
      expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Lima', days: 3 });
    });
  });

  describe('Anthropic SDK -> Anthropic upstream', () => {
    it('answers a message and forwards system, max_tokens and messages', async () => {
      const route = await gw.route([{ kind: 'anthropic', upstreamModel: 'claude-up' }]);
      const fake = route.providers[0].fake!;
      const u = await gw.user();
      const { data, response } = await u.anthropic.messages
        .create({ model: route.model, max_tokens: 100, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello?' }] })
        .withResponse();
      expect(data.type).toBe('message');
      expect(data.content).toEqual([{ type: 'text', text: DEFAULT_TEXT }]);
      expect(data.stop_reason).toBe('end_turn');
      expect(data.usage).toMatchObject({ input_tokens: 21, output_tokens: 9 });
      expect(fake.lastChat).toEqual({ model: 'claude-up', system: 'Be brief.', max_tokens: 100, messages: [{ role: 'user', content: 'Hello?' }] });
      expect(response.headers.get('x-request-id')).toBeTruthy();
      expect(response.headers.get('server-timing')).toMatch(SERVER_TIMING);
      const row = await gw.usageRow(u, response.headers.get('x-request-id')!);
      expect(row).toMatchObject({ endpoint: '/v1/messages', status: 200, promptTokens: 21, completionTokens: 9 });
    });

    it('streams message_start … message_stop that the SDK accumulates', async () => {
      const route = await gw.route([{ kind: 'anthropic' }]);
      const u = await gw.user();
      const stream = u.anthropic.messages.stream({ model: route.model, max_tokens: 100, messages: [{ role: 'user', content: 'Stream' }] });
      const deltas: string[] = [];
      stream.on('text', (text) => deltas.push(text));
      const message = await stream.finalMessage();
      expect(deltas.length).toBeGreaterThan(3);
      expect(deltas.join('')).toBe(DEFAULT_TEXT);
      expect(message.content).toEqual([{ type: 'text', text: DEFAULT_TEXT }]);
      expect(message.stop_reason).toBe('end_turn');
      expect(message.usage).toMatchObject({ input_tokens: 21, output_tokens: 9 });
      const { response } = await stream.withResponse();
      const row = await gw.usageRow(u, response.headers.get('x-request-id')!);
      expect(row).toMatchObject({ endpoint: '/v1/messages', stream: true, status: 200, promptTokens: 21, completionTokens: 9 });
      expect(row.costUsd).toBeCloseTo(costOf(21, 9), 9);
    });

    it('streams a tool_use block with its input', async () => {
      const route = await gw.route([{ kind: 'anthropic', behaviour: { toolArguments: { city: 'Paris' } } }]);
      const u = await gw.user();
      const message = await u.anthropic.messages
        .stream({ model: route.model, max_tokens: 100, tools: [anthropicWeatherTool], messages: [{ role: 'user', content: 'Weather in Paris?' }] })
        .finalMessage();
      expect(message.stop_reason).toBe('tool_use');
      expect(message.content).toEqual([{ type: 'tool_use', id: 'toolu_fake_1', name: 'get_weather', input: { city: 'Paris' } }]);
    });
  });

  describe('Anthropic SDK -> OpenAI upstream', () => {
    it('translates the request (system as a message, bearer key) and the answer into an Anthropic message', async () => {
      const route = await gw.route([{ kind: 'openai', upstreamModel: 'gpt-up' }]);
      const fake = route.providers[0].fake!;
      const u = await gw.user();
      const message = await u.anthropic.messages.create({ model: route.model, max_tokens: 77, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello?' }] });
      expect(message).toMatchObject({ type: 'message', role: 'assistant', model: route.model, stop_reason: 'end_turn', usage: { input_tokens: 21, output_tokens: 9 } });
      expect(message.content).toEqual([{ type: 'text', text: DEFAULT_TEXT }]);
      const sent = fake.to('/v1/chat/completions')[0];
      expect(sent.headers.authorization).toBe('Bearer sk-upstream-openai-secret-1234');
      expect(sent.body.model).toBe('gpt-up');
      expect(sent.body.messages).toEqual([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello?' },
      ]);
      expect(sent.body.max_completion_tokens ?? sent.body.max_tokens).toBe(77);
    });

    it('streams OpenAI chunks to the caller as Anthropic events, with usage from the upstream', async () => {
      const route = await gw.route([{ kind: 'openai' }]);
      const fake = route.providers[0].fake!;
      const u = await gw.user();
      const stream = u.anthropic.messages.stream({ model: route.model, max_tokens: 100, messages: [{ role: 'user', content: 'Stream' }] });
      const deltas: string[] = [];
      stream.on('text', (text) => deltas.push(text));
      const message = await stream.finalMessage();
      expect(deltas.join('')).toBe(DEFAULT_TEXT);
      expect(message.stop_reason).toBe('end_turn');
      expect(message.usage).toMatchObject({ input_tokens: 21, output_tokens: 9 });
      expect(fake.lastChat).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    });

    it('translates tools: Anthropic tool definitions to OpenAI functions, a tool call back as tool_use, streamed and not', async () => {
      const route = await gw.route([{ kind: 'openai', behaviour: { toolArguments: { city: 'Rome' } } }]);
      const fake = route.providers[0].fake!;
      const u = await gw.user();
      const message = await u.anthropic.messages.create({ model: route.model, max_tokens: 100, tools: [anthropicWeatherTool], messages: [{ role: 'user', content: 'Weather in Rome?' }] });
      expect(message.stop_reason).toBe('tool_use');
      expect(message.content).toEqual([{ type: 'tool_use', id: 'call_fake_1', name: 'get_weather', input: { city: 'Rome' } }]);
      expect(fake.lastChat.tools).toEqual([{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: anthropicWeatherTool.input_schema } }]);

      const streamed = await u.anthropic.messages
        .stream({ model: route.model, max_tokens: 100, tools: [anthropicWeatherTool], messages: [{ role: 'user', content: 'Weather in Rome?' }] })
        .finalMessage();
      expect(streamed.stop_reason).toBe('tool_use');
      expect(streamed.content).toEqual([{ type: 'tool_use', id: 'call_fake_1', name: 'get_weather', input: { city: 'Rome' } }]);

      // The tool result goes back as an OpenAI tool message.
      await u.anthropic.messages.create({
        model: route.model,
        max_tokens: 100,
        tools: [anthropicWeatherTool],
        messages: [
          { role: 'user', content: 'Weather in Rome?' },
          { role: 'assistant', content: message.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_fake_1', content: 'Sunny, 24C' }] },
        ],
      });
      const messages = fake.lastChat.messages;
      expect(messages[1]).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_fake_1', type: 'function', function: { name: 'get_weather' } }] });
      expect(JSON.parse(messages[1].tool_calls[0].function.arguments)).toEqual({ city: 'Rome' });
      expect(messages[2]).toMatchObject({ role: 'tool', tool_call_id: 'call_fake_1', content: 'Sunny, 24C' });
    });
  });

  describe('the built-in mock provider', () => {
    it('answers both formats, streamed and not, with counted usage', async () => {
      const route = await gw.route([{ kind: 'mock', upstreamModel: 'mock-small' }]);
      const u = await gw.user();
      const completion = await u.openai.chat.completions.create({ model: route.model, messages: [{ role: 'user', content: 'Ping' }] });
      expect(completion.choices[0].message.content).toMatch(/^Mock reply to: "Ping"/);
      expect(completion.usage!.completion_tokens).toBeGreaterThan(0);
      const streamed = await u.anthropic.messages.stream({ model: route.model, max_tokens: 200, messages: [{ role: 'user', content: 'Ping' }] }).finalMessage();
      expect(streamed.content).toEqual([{ type: 'text', text: completion.choices[0].message.content }]);
      expect(streamed.usage.output_tokens).toBe(completion.usage!.completion_tokens);
    });
  });

  describe('routes, callers and headers', () => {
    it('serves the /api/v1/chat/completions and /api/v1/messages aliases', async () => {
      const route = await gw.route([{ kind: 'openai' }]);
      const u = await gw.user();
      const viaAlias = gw.openai(u.key, '/api/v1');
      const completion = await viaAlias.chat.completions.create({ model: route.model, messages: [{ role: 'user', content: 'Alias' }] });
      expect(completion.choices[0].message.content).toBe(DEFAULT_TEXT);
      const chunks = [];
      for await (const chunk of await viaAlias.chat.completions.create({ model: route.model, messages: [{ role: 'user', content: 'Alias' }], stream: true })) chunks.push(chunk);
      expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(DEFAULT_TEXT);

      const anthropicAlias = gw.anthropic(u.key, '/api');
      const message = await anthropicAlias.messages.create({ model: route.model, max_tokens: 50, messages: [{ role: 'user', content: 'Alias' }] });
      expect(message.content).toEqual([{ type: 'text', text: DEFAULT_TEXT }]);
      // The alias errors speak the caller's format too.
      const bad = await api(t.url, u.key).post('/api/v1/messages', { model: 'no-such-model', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
      expect(bad.status).toBe(404);
      expect(bad.body).toEqual({ type: 'error', error: { type: 'not_found_error', message: expect.stringContaining('no-such-model') } });
      // Logged under the gateway endpoint they alias.
      const viaRaw = await api(t.url, u.key).post('/api/v1/chat/completions', { model: route.model, messages: [{ role: 'user', content: 'x' }] });
      expect(viaRaw.status).toBe(200);
      expect(await gw.usageRow(u, viaRaw.headers.get('x-request-id')!)).toMatchObject({ endpoint: '/v1/chat/completions', status: 200 });
    });

    it('accepts X-API-Key and a logged-in session (JWT) as well as a bearer key', async () => {
      const route = await gw.route([{ kind: 'openai' }]);
      const u = await gw.user();
      const body = { model: route.model, messages: [{ role: 'user', content: 'x' }] };
      const viaHeader = await api(t.url).post('/v1/chat/completions', body, { 'x-api-key': u.key });
      expect(viaHeader.status).toBe(200);
      const session = (await u.client.get('/api/v1/auth/me')).status;
      expect(session).toBe(200);
      const jwt = await u.client.post('/v1/chat/completions', body);
      expect(jwt.status).toBe(200);
      expect(jwt.body.choices[0].message.content).toBe(DEFAULT_TEXT);
      const row = await gw.usageRow(u, jwt.headers.get('x-request-id')!);
      expect(row.keyId).toBeNull();
    });

    it('answers, streams and errors with a gateway-made X-Request-Id that the usage row carries, whatever the caller sent', async () => {
      const route = await gw.route([{ kind: 'anthropic' }]);
      const u = await gw.user();
      const body = { model: route.model, max_tokens: 20, messages: [{ role: 'user', content: 'x' }] };
      const plain = await api(t.url, u.key).post('/v1/messages', body, { 'x-request-id': 'trace-abc-123' });
      expect(plain.status).toBe(200);
      const plainId = plain.headers.get('x-request-id')!;
      expect(plainId).toMatch(/^[0-9a-f-]{36}$/);
      const streamed = await fetch(`${t.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': u.key, 'x-request-id': 'trace-stream-456' },
        body: JSON.stringify({ ...body, stream: true }),
      });
      expect(streamed.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const events = sseEvents(await streamed.text());
      expect(events[0].event).toBe('message_start');
      expect(events.at(-1)!.event).toBe('message_stop');
      const failed = await api(t.url, u.key).post('/v1/messages', { ...body, model: 'missing' }, { 'x-request-id': 'trace-err-789' });
      const failedId = failed.headers.get('x-request-id')!;
      expect(failedId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await gw.usageRow(u, plainId)).toMatchObject({ status: 200 });
      expect(await gw.usageRow(u, failedId)).toMatchObject({ status: 404 });
    });

    it('bills and logs every request, even when a caller reuses the same X-Request-Id', async () => {
      const route = await gw.route([{ kind: 'openai' }]);
      const u = await gw.user();
      const body = { model: route.model, messages: [{ role: 'user', content: 'x' }] };
      for (let i = 0; i < 3; i++) {
        const res = await api(t.url, u.key).post('/v1/chat/completions', body, { 'x-request-id': 'my-fixed-trace-id' });
        expect(res.status).toBe(200);
      }
      // The usage writer drains every 200 ms: wait for the first row, then give the others time to land.
      await waitFor(async () => (await u.client.get('/api/v1/users/me/usage')).body.total > 0);
      await new Promise((r) => setTimeout(r, 1000));
      expect((await u.client.get('/api/v1/users/me/usage')).body.total).toBe(3);
      expect(10 - (await gw.balance(u))).toBeCloseTo(3 * costOf(21, 9), 6);
    });

    it('reports the upstream time in Server-Timing', async () => {
      const route = await gw.route([{ kind: 'openai', behaviour: { headerDelayMs: 300 } }]);
      const u = await gw.user();
      const res = await api(t.url, u.key).post('/v1/chat/completions', { model: route.model, messages: [{ role: 'user', content: 'slow' }] });
      expect(res.status).toBe(200);
      const { gw: own, upstream } = timing(res.headers.get('server-timing'));
      expect(upstream).toBeGreaterThanOrEqual(290);
      expect(own).toBeGreaterThanOrEqual(0);
      // Before the upstream was involved, all the time is the gateway's own.
      const refused = await api(t.url, u.key).post('/v1/chat/completions', { model: 'missing', messages: [{ role: 'user', content: 'x' }] });
      expect(timing(refused.headers.get('server-timing')).upstream).toBe(0);
    });
  });
});
