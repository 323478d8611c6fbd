/**
 * `POST /v1/responses` with the official OpenAI SDK (`responses.create` / `responses.stream`)
 * on every provider type: native passthrough to OpenAI, translated onto the chat API of
 * Anthropic, OpenAI-compatible servers, Gemini, Ollama and the mock; instructions, function
 * tools across turns, usage charged and logged; state refused where it cannot be kept; bad input
 * a 400 in OpenAI's shape.
 */
import OpenAI from 'openai';
import { waitFor } from '@gateway/testing';
import { api } from '../support/http';
import { DEFAULT_SIGNATURE, DEFAULT_TEXT, DEFAULT_THINKING, type FakeUpstream } from '../support/fake-upstream';
import { NATIVE_TEXT, startFakeGeminiOllama, type FakeGeminiOllama } from '../support/fake-gemini-ollama';
import { startTestApp, type TestApp } from '../support/test-app';
import { costOf, Gateway, privateDataDir, unique, type UserKey } from './gateway-fixture';

jest.setTimeout(30_000);

type Kind = 'openai' | 'anthropic' | 'openai-compatible' | 'gemini' | 'ollama' | 'mock';
const KINDS: Kind[] = ['openai', 'anthropic', 'openai-compatible', 'gemini', 'ollama', 'mock'];

interface Target {
  model: string;
  /** The last body the upstream received (undefined for the in-process mock). */
  upstream(): any;
  text: string | RegExp;
  /** The upstream's reported usage (the mock's is computed). */
  usage?: { prompt: number; completion: number };
  toolArguments: Record<string, unknown>;
}

const weather = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};

describe('gateway: the Responses API on every provider type (official SDK, fake upstreams)', () => {
  let t: TestApp;
  let gw: Gateway;
  const natives: FakeGeminiOllama[] = [];
  const targets = new Map<Kind, Target>();

  /** A provider of this type (in front of a fresh fake) and a public model routed to it. */
  async function routeTo(kind: Kind): Promise<Target> {
    if (kind === 'openai' || kind === 'anthropic') {
      const route = await gw.route([{ kind }]);
      const fake = route.providers[0].fake!;
      const upstream = () => (kind === 'openai' ? fake.last('/v1/responses')?.body : fake.lastChat);
      return { model: route.model, upstream, text: DEFAULT_TEXT, usage: { prompt: 21, completion: 9 }, toolArguments: { city: 'Rome' } };
    }
    if (kind === 'mock') {
      const route = await gw.route([{ kind: 'mock', upstreamModel: 'mock-tool' }]);
      return { model: route.model, upstream: () => undefined, text: /^Mock reply to: "/, toolArguments: { city: 'mock' } };
    }
    let baseUrl: string;
    let upstream: () => any;
    if (kind === 'openai-compatible') {
      const fake: FakeUpstream = await gw.fake('openai');
      baseUrl = fake.baseUrl;
      upstream = () => fake.lastChat;
    } else {
      const fake = await startFakeGeminiOllama();
      natives.push(fake);
      baseUrl = fake.baseUrl;
      upstream = () => (kind === 'gemini' ? fake.lastGemini : fake.lastOllama)?.body;
    }
    const provider = await gw.admin.post('/api/v1/providers', { name: unique(kind), type: kind, baseUrl, ...(kind === 'ollama' ? {} : { apiKey: `${kind}-upstream-secret-1234` }) });
    if (provider.status !== 201) throw new Error(`provider: ${JSON.stringify(provider.body)}`);
    const name = unique('model');
    const targets = [{ providerId: provider.body.id, upstreamModel: `${kind}-upstream` }];
    const model = await gw.admin.post('/api/v1/models', { name, targets, inputPriceUsdPerMTok: 1000, outputPriceUsdPerMTok: 2000 });
    if (model.status !== 201) throw new Error(`model: ${JSON.stringify(model.body)}`);
    const native = kind === 'openai-compatible' ? { text: DEFAULT_TEXT, usage: { prompt: 21, completion: 9 } } : { text: NATIVE_TEXT, usage: { prompt: 17, completion: 11 } };
    return { model: name, upstream, ...native, toolArguments: { city: 'Rome' } };
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { DATA_DIR: privateDataDir() } });
    gw = await new Gateway(t).init();
    for (const kind of KINDS) targets.set(kind, await routeTo(kind));
  });
  afterAll(async () => {
    await Promise.all(natives.map((f) => f.close()));
    await gw.close();
    await t.close();
  });

  describe.each(KINDS)('%s provider', (kind) => {
    let target: Target;
    let u: UserKey;
    beforeAll(async () => {
      target = targets.get(kind)!;
      u = await gw.user();
    });

    it('responses.create: instructions as the system prompt, output_text, usage charged and logged under /v1/responses', async () => {
      const { data, response } = await u.openai.responses
        .create({ model: target.model, instructions: 'Be brief.', input: 'Say hello', max_output_tokens: 300, store: false })
        .withResponse();
      expect(data).toMatchObject({ object: 'response', status: 'completed', model: target.model });
      expect(data.output_text).toMatch(target.text);
      expect(JSON.stringify(target.upstream() ?? 'Be brief.')).toContain('Be brief.');
      if (target.usage) expect(data.usage).toMatchObject({ input_tokens: target.usage.prompt, output_tokens: target.usage.completion });
      const usage = target.usage ?? { prompt: data.usage!.input_tokens, completion: data.usage!.output_tokens };
      expect(usage.completion).toBeGreaterThan(0);
      const row = await gw.usageRow(u, response.headers.get('x-request-id')!);
      expect(row).toMatchObject({ endpoint: '/v1/responses', stream: false, status: 200, promptTokens: usage.prompt, completionTokens: usage.completion });
      expect(row.costUsd).toBeGreaterThan(0);
      expect(await gw.balance(u)).toBeLessThan(10);
      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      expect(metrics).toMatch(new RegExp(`gateway_requests_total\\{[^}]*model="${target.model}"[^}]*endpoint="/v1/responses"[^}]*status="200"`));
    });

    it('responses.stream: the Responses event schema from response.created to response.completed with usage', async () => {
      const stream = u.openai.responses.stream({ model: target.model, instructions: 'Be brief.', input: [{ role: 'user', content: 'Say hello' }] });
      const types: string[] = [];
      const sequence: number[] = [];
      let deltas = '';
      for await (const event of stream) {
        types.push(event.type);
        sequence.push(event.sequence_number);
        if (event.type === 'response.output_text.delta') deltas += event.delta;
        if ('response' in event) expect(event.response.model).toBe(target.model);
      }
      const final = await stream.finalResponse();
      expect(types[0]).toBe('response.created');
      expect(types.at(-1)).toBe('response.completed');
      for (const type of ['output_item.added', 'content_part.added', 'output_text.done', 'content_part.done', 'output_item.done']) expect(types).toContain(`response.${type}`);
      expect(types.filter((type) => type === 'response.output_text.delta').length).toBeGreaterThan(1);
      expect(deltas).toMatch(target.text);
      expect(final.output_text).toBe(deltas);
      expect(final.usage!.output_tokens).toBeGreaterThan(0);
      if (target.usage) expect(final.usage).toMatchObject({ input_tokens: target.usage.prompt, output_tokens: target.usage.completion });
      expect(sequence).toEqual(sequence.map((_n, i) => sequence[0] + i));
      // The stream hides its response headers: the user's one streamed row so far is this one.
      const row = await waitFor(async () => (await u.client.get('/api/v1/users/me/usage?pageSize=100')).body.items.find((item: any) => item.stream));
      expect(row).toMatchObject({ endpoint: '/v1/responses', stream: true, status: 200, promptTokens: final.usage!.input_tokens, completionTokens: final.usage!.output_tokens });
    });

    it('function tools: a function_call, then its function_call_output on the next turn', async () => {
      const question = { role: 'user' as const, content: 'Weather in Rome?' };
      const first = await u.openai.responses.create({ model: target.model, input: [question], tools: [weather] });
      const call = first.output.find((item) => item.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall;
      expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', call_id: expect.any(String) });
      expect(JSON.parse(call.arguments)).toEqual(target.toolArguments);

      const second = await u.openai.responses.create({ model: target.model, tools: [weather], input: [question, call, { type: 'function_call_output', call_id: call.call_id, output: 'Sunny, 24C' }] });
      expect(second.status).toBe('completed');
      const sent = JSON.stringify(target.upstream() ?? {});
      if (kind !== 'mock') expect(sent).toContain('Sunny, 24C');
      if (kind === 'mock') expect(second.output_text).toMatch(/Sunny, 24C/);
    });

    it('responses.stream with a function tool: the call and its arguments accumulate', async () => {
      const final = await u.openai.responses.stream({ model: target.model, input: 'Weather in Rome?', tools: [weather] }).finalResponse();
      const call = final.output.find((item) => item.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall;
      expect(call?.name).toBe('get_weather');
      expect(JSON.parse(call.arguments)).toEqual(target.toolArguments);
    });

    it(kind === 'openai' ? 'previous_response_id and store: true go to OpenAI, which keeps state' : 'previous_response_id or store: true -> 400 in OpenAI error shape', async () => {
      for (const extra of [{ previous_response_id: 'resp_abc123' }, { store: true }]) {
        const res = await api(t.url, u.key).post('/v1/responses', { model: target.model, input: 'Hello', ...extra });
        if (kind === 'openai') {
          expect(res.status).toBe(200);
          expect(target.upstream()).toMatchObject(extra);
          continue;
        }
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ error: { message: expect.stringContaining(Object.keys(extra)[0]), type: 'invalid_request_error', code: expect.anything() } });
      }
      if (kind !== 'openai') {
        const err = await u.openai.responses.create({ model: target.model, input: 'Hello', previous_response_id: 'resp_abc123' }).catch((e) => e);
        expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      }
    });
  });

  it('openai provider: the Responses body goes upstream byte for byte but for the model, and openai-beta with it', async () => {
    const target = targets.get('openai')!;
    const u = await gw.user();
    const text =
      '{"input":[{"role":"user","content":[{"type":"input_text","text":"Hi \\u00e9"}]}],' +
      `"model":${JSON.stringify(target.model)},"x_new_field":{"a":[1,2]},` +
      '"reasoning":{"effort":"high","summary":"auto"},"include":["reasoning.encrypted_content"],"store":false}';
    const res = await fetch(`${t.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${u.key}`, 'openai-beta': 'responses=v1' }, body: text });
    expect(res.status).toBe(200);
    expect((await res.json()).model).toBe(target.model);
    const fake = gw.fakes.find((f) => f.to('/v1/responses').length)!;
    const sent = fake.last('/v1/responses')!;
    expect(sent.rawBody).toBe(text.replace(`"model":${JSON.stringify(target.model)}`, '"model":"upstream-openai-0"'));
    expect(sent.headers['openai-beta']).toBe('responses=v1');
    expect(res.headers.get('x-gateway-ignored-params')).toBeNull();
  });

  it('translated onto Anthropic: image input, max_output_tokens, reasoning.effort and text.format by the target\'s own means', async () => {
    const target = targets.get('anthropic')!;
    const u = await gw.user();
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const thought = await u.openai.responses.create({
      model: target.model,
      max_output_tokens: 5000,
      reasoning: { effort: 'low' },
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'What is this?' }, { type: 'input_image', image_url: `data:image/png;base64,${png}`, detail: 'auto' }] }],
    });
    const sent = target.upstream();
    expect(sent.max_tokens).toBe(5000);
    expect(sent.thinking).toMatchObject({ type: 'enabled' });
    expect(sent.thinking.budget_tokens).toBeGreaterThanOrEqual(1024);
    expect(sent.thinking.budget_tokens).toBeLessThan(5000);
    expect(sent.messages[0].content).toEqual([{ type: 'text', text: 'What is this?' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } }]);
    expect(thought.output_text).toBe(DEFAULT_TEXT);

    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
    const structured = await u.openai.responses.create({ model: target.model, input: 'Where?', text: { format: { type: 'json_schema', name: 'place', schema, strict: true } } });
    expect(target.upstream().tools).toEqual([expect.objectContaining({ input_schema: schema })]);
    expect(JSON.parse(structured.output_text)).toEqual({ city: 'Rome' });
    expect(structured.output.some((item) => item.type === 'function_call')).toBe(false);
  });

  it.each([false, true])('Anthropic thinking across tool turns (stream: %s): encrypted reasoning replays the signed thinking', async (stream) => {
    const target = targets.get('anthropic')!;
    const u = await gw.user();
    const ask = { model: target.model, reasoning: { effort: 'low' as const }, include: ['reasoning.encrypted_content' as const], store: false, tools: [weather] };
    const question = { role: 'user' as const, content: 'Weather in Rome?' };
    const first = stream ? await u.openai.responses.stream({ ...ask, input: [question] }).finalResponse() : await u.openai.responses.create({ ...ask, input: [question] });
    const reasoning = first.output.find((item) => item.type === 'reasoning') as OpenAI.Responses.ResponseReasoningItem;
    expect(reasoning?.encrypted_content).toEqual(expect.any(String));
    expect(JSON.stringify(reasoning.summary)).toContain('greeting');
    const call = first.output.find((item) => item.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall;
    expect(first.output_text).toBe('');

    await u.openai.responses.create({ ...ask, input: [question, ...first.output, { type: 'function_call_output', call_id: call.call_id, output: 'Sunny' }] } as any);
    const turn = target.upstream().messages[1];
    expect(turn.role).toBe('assistant');
    expect(turn.content[0]).toEqual({ type: 'thinking', thinking: DEFAULT_THINKING, signature: DEFAULT_SIGNATURE });
    expect(turn.content.at(-1)).toMatchObject({ type: 'tool_use', id: call.call_id, name: 'get_weather' });
    expect(target.upstream().thinking).toMatchObject({ type: 'enabled' });
  });

  it('names what the target cannot honour in x-gateway-ignored-params', async () => {
    const u = await gw.user();
    const { response } = await u.openai.responses.create({ model: targets.get('anthropic')!.model, input: 'Hello', top_logprobs: 3 }).withResponse();
    expect(response.headers.get('x-gateway-ignored-params')?.split(',')).toContain('top_logprobs');
  });

  it('serves the /api/v1/responses alias, logged under /v1/responses', async () => {
    const u = await gw.user();
    const { data, response } = await gw.openai(u.key, '/api/v1').responses.create({ model: targets.get('anthropic')!.model, input: 'Hello' }).withResponse();
    expect(data.output_text).toBe(DEFAULT_TEXT);
    expect(await gw.usageRow(u, response.headers.get('x-request-id')!)).toMatchObject({ endpoint: '/v1/responses', status: 200 });
  });

  it('charges exactly the reported usage', async () => {
    const u = await gw.user();
    await u.openai.responses.create({ model: targets.get('anthropic')!.model, input: 'Hello' });
    await u.openai.responses.stream({ model: targets.get('gemini')!.model, input: 'Hello' }).finalResponse();
    await new Promise((r) => setTimeout(r, 500));
    expect(10 - (await gw.balance(u))).toBeCloseTo(costOf(21, 9) + costOf(17, 11), 6);
  });

  describe('bad input is a 400 in OpenAI error shape, never a 500', () => {
    const cases: Array<[string, unknown]> = [
      ['input missing', {}],
      ['input a number', { input: 42 }],
      ['tools not an array', { input: 'x', tools: 'get_weather' }],
      ['a tool without a name', { input: 'x', tools: [{ type: 'function', parameters: {} }] }],
      ['an input item of an unknown type', { input: [{ type: 'bogus_item' }] }],
      ['a message without content', { input: [{ role: 'user' }] }],
      ['a function_call_output without call_id', { input: [{ type: 'function_call_output', output: 'x' }] }],
      ['max_output_tokens not a number', { input: 'x', max_output_tokens: 'many' }],
    ];
    it.each(cases)('%s', async (_label, extra) => {
      const u = await gw.user();
      for (const kind of ['anthropic', 'mock', 'gemini'] as const) {
        const res = await api(t.url, u.key).post('/v1/responses', { model: targets.get(kind)!.model, ...(extra as object) });
        expect({ kind, status: res.status }).toEqual({ kind, status: 400 });
        expect(res.body).toMatchObject({ error: { message: expect.any(String), type: 'invalid_request_error' } });
      }
    });

    it('a body that is not JSON, or not an object, and a missing input for the native provider', async () => {
      const u = await gw.user();
      const model = targets.get('openai')!.model;
      for (const body of ['{"model":', '[1,2]', JSON.stringify({ model })]) {
        const res = await api(t.url, u.key).post('/v1/responses', body);
        expect(res.status).toBe(400);
        expect(res.body.error).toMatchObject({ type: 'invalid_request_error' });
      }
    });
  });
});
