/**
 * Native passthrough with the official SDKs: when the caller speaks the provider's own format,
 * the provider receives the caller's body byte for byte but for `model` (extended thinking,
 * cache breakpoints, signed thinking in the history, fields the gateway does not know), the
 * beta and version headers arrive, and the answer comes back whole under the public model name.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { DEFAULT_SIGNATURE, DEFAULT_TEXT, DEFAULT_THINKING, type FakeUpstream } from '../support/fake-upstream';
import { startTestApp, type TestApp } from '../support/test-app';
import { Gateway, privateDataDir, type Route, type UserKey } from './gateway-fixture';

jest.setTimeout(30_000);

/** What an SDK put on the wire: its fetch, recording each request's body text and headers. */
class Wire {
  readonly sent: Array<{ url: string; body: string; headers: Headers }> = [];
  readonly fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    this.sent.push({ url: String(input), body: typeof init?.body === 'string' ? init.body : '', headers: new Headers(init?.headers) });
    return fetch(input, init);
  };

  get last() {
    return this.sent.at(-1)!;
  }
}

/** The text with its one top-level `"model":"<from>"` member naming `to` instead. */
function withModel(text: string, from: string, to: string): string {
  const member = `"model":${JSON.stringify(from)}`;
  expect(text.split(member)).toHaveLength(2);
  return text.replace(member, `"model":${JSON.stringify(to)}`);
}

const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  cache_control: { type: 'ephemeral' },
};
const BETAS = ['interleaved-thinking-2025-05-14', 'extended-cache-ttl-2025-04-11'];

describe('gateway: native passthrough (official SDKs, fake upstreams)', () => {
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

  describe('Anthropic SDK -> anthropic provider', () => {
    const UPSTREAM = 'claude-upstream-passthrough';
    let route: Route;
    let fake: FakeUpstream;
    let u: UserKey;
    let wire: Wire;
    let client: Anthropic;
    beforeAll(async () => {
      route = await gw.route([{ kind: 'anthropic', upstreamModel: UPSTREAM, behaviour: { cacheRead: 1500, cacheWrite: 300 } }]);
      fake = route.providers[0].fake!;
      // At the fixture's prices each of these cached conversations costs almost two dollars.
      u = await gw.user({ creditsUsd: 1000 });
      wire = new Wire();
      client = new Anthropic({ apiKey: u.key, baseURL: t.url, maxRetries: 0, fetch: wire.fetch });
    });

    /** A first turn with extended thinking, cache breakpoints on system and message blocks, tools, metadata and a field from the future. */
    const firstTurn = (): any => ({
      model: route.model,
      max_tokens: 8000,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      system: [
        { type: 'text', text: 'You are a weather assistant.' },
        { type: 'text', text: 'Reference: a long style guide worth caching.', cache_control: { type: 'ephemeral', ttl: '1h' } },
      ],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather in Oslo? Answer in "quotes" \u00e9\u00e8 \ud83c\udf24', cache_control: { type: 'ephemeral' } }] }],
      tools: [weatherTool],
      tool_choice: { type: 'auto' },
      metadata: { user_id: 'end-user-7f3a' },
      x_future_field: { a: 1, nested: [true, null, 'x'] },
    });

    it('sends a thinking conversation with cache breakpoints, tools and beta headers byte for byte but for the model, and relays the signed thinking', async () => {
      const { data, response } = await client.beta.messages.create({ ...firstTurn(), betas: BETAS }).withResponse();
      const sent = fake.last('/v1/messages')!;
      expect(sent.rawBody).toBe(withModel(wire.last.body, route.model, UPSTREAM));
      expect(sent.headers['anthropic-beta']).toBe(BETAS.join(','));
      expect(sent.headers['anthropic-version']).toBe(wire.last.headers.get('anthropic-version'));
      expect(sent.headers['x-api-key']).toBe('sk-upstream-anthropic-secret-1234');
      expect(JSON.stringify(sent.headers)).not.toContain(u.key);

      expect(data.model).toBe(route.model);
      expect(data.content).toEqual([
        { type: 'thinking', thinking: DEFAULT_THINKING, signature: DEFAULT_SIGNATURE },
        { type: 'tool_use', id: 'toolu_fake_1', name: 'get_weather', input: { city: 'Rome' } },
      ]);
      expect(data.stop_reason).toBe('tool_use');
      expect(data.usage).toMatchObject({ input_tokens: 21, output_tokens: 9, cache_read_input_tokens: 1500, cache_creation_input_tokens: 300 });
      expect(response.headers.get('x-gateway-ignored-params')).toBeNull();
      // Cache reads and writes are input too.
      expect(await gw.usageRow(u, response.headers.get('x-request-id')!)).toMatchObject({ endpoint: '/v1/messages', status: 200, promptTokens: 1821, completionTokens: 9 });
    });

    it('replays an earlier signed thinking block and tool_use with the tool_result, streamed, byte for byte but for the model', async () => {
      const first = await client.messages.create(firstTurn());
      const second = {
        ...firstTurn(),
        messages: [
          ...firstTurn().messages,
          { role: 'assistant', content: first.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_fake_1', content: 'Snowing, -3C', cache_control: { type: 'ephemeral' } }] },
        ],
      };
      const stream = client.beta.messages.stream({ ...second, betas: BETAS });
      const events: any[] = [];
      for await (const event of stream) events.push(event);
      const message = await stream.finalMessage();

      const sent = fake.last('/v1/messages')!;
      expect(sent.rawBody).toBe(withModel(wire.last.body, route.model, UPSTREAM));
      expect(sent.body.stream).toBe(true);
      expect(sent.body.messages[1].content[0]).toEqual({ type: 'thinking', thinking: DEFAULT_THINKING, signature: DEFAULT_SIGNATURE });
      expect(sent.headers['anthropic-beta']).toBe(BETAS.join(','));

      expect(events[0]).toMatchObject({ type: 'message_start', message: { model: route.model } });
      const deltas = events.filter((e) => e.type === 'content_block_delta').map((e) => e.delta.type);
      expect(deltas).toContain('thinking_delta');
      expect(deltas).toContain('signature_delta');
      expect(message.model).toBe(route.model);
      expect(message.content[0]).toEqual({ type: 'thinking', thinking: DEFAULT_THINKING, signature: DEFAULT_SIGNATURE });
      expect(message.content[1]).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Rome' } });
      const { response } = await stream.withResponse();
      expect(await gw.usageRow(u, response.headers.get('x-request-id')!)).toMatchObject({ stream: true, status: 200, promptTokens: 1821, completionTokens: 9 });
    });

    it('fails over from a target that needs translation to a native one, which still gets the body byte for byte', async () => {
      const mixed = await gw.route([{ kind: 'openai', behaviour: { failStatus: 503 } }, { kind: 'anthropic', upstreamModel: 'claude-second' }]);
      const [translated, native] = mixed.providers.map((p) => p.fake!);
      const message = await client.beta.messages.create({ ...firstTurn(), model: mixed.model, betas: BETAS });
      expect(translated.lastChat.model).toBe('upstream-openai-0');
      expect(native.last('/v1/messages')!.rawBody).toBe(withModel(wire.last.body, mixed.model, 'claude-second'));
      expect(native.last('/v1/messages')!.headers['anthropic-beta']).toBe(BETAS.join(','));
      expect(message.content[0]).toEqual({ type: 'thinking', thinking: DEFAULT_THINKING, signature: DEFAULT_SIGNATURE });
    });

    it("adds the caller's anthropic-beta flags to those the provider is configured with", async () => {
      const configured = await gw.route([{ kind: 'anthropic', headers: { 'anthropic-beta': 'provider-flag-2025-01-01' } }]);
      await client.beta.messages.create({ model: configured.model, max_tokens: 10, messages: [{ role: 'user', content: 'x' }], betas: ['caller-flag-2025-02-02'] });
      const flags = String(configured.providers[0].fake!.last('/v1/messages')!.headers['anthropic-beta']).split(',');
      expect(flags.sort()).toEqual(['caller-flag-2025-02-02', 'provider-flag-2025-01-01']);
    });

    it('passes a large body through unchanged', async () => {
      const big = 'Lorem ipsum dolor sit amet, \u00e9 "quoted" \\ backslash. '.repeat(20_000);
      const body: any = { max_tokens: 100, messages: [{ role: 'user', content: big }], model: route.model };
      await client.messages.create(body);
      expect(wire.last.body.length).toBeGreaterThan(1_000_000);
      expect(fake.last('/v1/messages')!.rawBody).toBe(withModel(wire.last.body, route.model, UPSTREAM));
    });

    it('forwards top_k, temperature, metadata, service_tier and unknown fields untouched, also from a hand-written body', async () => {
      const body: any = {
        model: route.model,
        max_tokens: 300,
        top_k: 40,
        temperature: 0.2,
        stop_sequences: ['END'],
        service_tier: 'standard_only',
        metadata: { user_id: 'end-user-1' },
        x_future_field: { a: 1 },
        system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: 'Hello' }],
      };
      const { data, response } = await client.messages.create(body).withResponse();
      expect(fake.last('/v1/messages')!.rawBody).toBe(withModel(wire.last.body, route.model, UPSTREAM));
      expect(data).toMatchObject({ model: route.model, content: [{ type: 'text', text: DEFAULT_TEXT }] });
      expect(response.headers.get('x-gateway-ignored-params')).toBeNull();

      // Whitespace, member order and escapes as the caller wrote them; no version header: the default.
      const text = [
        '{',
        '  "max_tokens": 50,',
        '  "messages": [ { "role": "user", "content": "Caf\\u00e9 \\"quoted\\"" } ],',
        '  "x_future": [1, 2.50, {"deep": {"model": "not-this-one"}}],',
        `  "model": ${JSON.stringify(route.model)}`,
        '}',
      ].join('\n');
      const raw = await fetch(`${t.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': u.key }, body: text });
      expect(raw.status).toBe(200);
      expect((await raw.json()).model).toBe(route.model);
      const sent = fake.last('/v1/messages')!;
      expect(sent.rawBody).toBe(text.replace(`"model": ${JSON.stringify(route.model)}`, `"model": ${JSON.stringify(UPSTREAM)}`));
      expect(sent.headers['anthropic-version']).toBe('2023-06-01');
      expect(sent.headers['anthropic-beta']).toBeUndefined();

      // The caller's own version is the one sent.
      const versioned = await fetch(`${t.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': u.key, 'anthropic-version': '2023-01-01' }, body: text });
      expect(versioned.status).toBe(200);
      expect(fake.last('/v1/messages')!.headers['anthropic-version']).toBe('2023-01-01');
    });
  });

  describe('OpenAI SDK -> openai provider', () => {
    const UPSTREAM = 'gpt-upstream-passthrough';
    let route: Route;
    let fake: FakeUpstream;
    let wire: Wire;
    let client: OpenAI;
    beforeAll(async () => {
      route = await gw.route([{ kind: 'openai', upstreamModel: UPSTREAM }]);
      fake = route.providers[0].fake!;
      const u = await gw.user();
      wire = new Wire();
      client = new OpenAI({ apiKey: u.key, baseURL: `${t.url}/v1`, maxRetries: 0, fetch: wire.fetch });
    });

    const body = (): any => ({
      model: route.model,
      messages: [
        { role: 'developer', content: 'Be terse.' },
        { role: 'user', content: [{ type: 'text', text: 'Hello \u00e9 "there"' }] },
      ],
      max_tokens: 50,
      logit_bias: { '50256': -100 },
      seed: 7,
      service_tier: 'flex',
      prediction: { type: 'content', content: 'Hello there' },
      x_future: { enabled: true, levels: [1, 2] },
      store: false,
      metadata: { trace: 'abc' },
    });

    const streaming = (extra: Record<string, unknown> = {}) => ({ ...body(), stream: true, ...extra }) as OpenAI.ChatCompletionCreateParamsStreaming;

    it('sends unknown and new fields byte for byte but for the model, forwards openai-beta, and names the public model', async () => {
      const { data, response } = await client.chat.completions.create(body(), { headers: { 'OpenAI-Beta': 'assistants=v2' } }).withResponse();
      const sent = fake.last('/v1/chat/completions')!;
      expect(sent.rawBody).toBe(withModel(wire.last.body, route.model, UPSTREAM));
      expect(sent.headers['openai-beta']).toBe('assistants=v2');
      expect(sent.headers.authorization).toBe('Bearer sk-upstream-openai-secret-1234');
      expect(data.model).toBe(route.model);
      expect(data.choices[0].message.content).toBe(DEFAULT_TEXT);
      expect(response.headers.get('x-gateway-ignored-params')).toBeNull();
    });

    it('streams: asks the upstream for usage only when the caller did not, strips that usage chunk, and names the public model in every chunk', async () => {
      const stream = await client.chat.completions.create(streaming());
      const chunks: any[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      const sent = fake.last('/v1/chat/completions')!;
      expect(sent.body).toEqual({ ...JSON.parse(wire.last.body), model: UPSTREAM, stream_options: { include_usage: true } });
      expect(chunks.length).toBeGreaterThan(3);
      expect(chunks.every((c) => c.model === route.model)).toBe(true);
      expect(chunks.some((c) => c.usage)).toBe(false);
      expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(DEFAULT_TEXT);

      // Other stream options are kept beside the gateway's.
      for await (const chunk of await client.chat.completions.create(streaming({ stream_options: { include_obfuscation: false } }))) expect(chunk.usage).toBeFalsy();
      expect(fake.last('/v1/chat/completions')!.body.stream_options).toEqual({ include_obfuscation: false, include_usage: true });
    });

    it('streams with include_usage: the body goes byte for byte, and the usage chunk reaches the caller under the public model', async () => {
      const stream = await client.chat.completions.create(streaming({ stream_options: { include_usage: true } }));
      const chunks: any[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      expect(fake.last('/v1/chat/completions')!.rawBody).toBe(withModel(wire.last.body, route.model, UPSTREAM));
      const usage = chunks.find((c) => c.usage);
      expect(usage).toMatchObject({ model: route.model, choices: [], usage: { prompt_tokens: 21, completion_tokens: 9 } });
      expect(chunks.every((c) => c.model === route.model)).toBe(true);
    });

    it('passes through to an openai-compatible provider the same way', async () => {
      const compatible = await gw.fake('openai');
      const provider = await gw.admin.post('/api/v1/providers', { name: `compatible-${Date.now()}`, type: 'openai-compatible', baseUrl: compatible.baseUrl, apiKey: 'sk-compatible-1234' });
      const model = `compat-${Date.now()}`;
      await gw.admin.post('/api/v1/models', { name: model, targets: [{ providerId: provider.body.id, upstreamModel: 'vllm/qwen' }], inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 1 });
      const answer = await client.chat.completions.create({ ...body(), model });
      expect(compatible.last('/v1/chat/completions')!.rawBody).toBe(withModel(wire.last.body, model, 'vllm/qwen'));
      expect(answer.model).toBe(model);
    });
  });
});
