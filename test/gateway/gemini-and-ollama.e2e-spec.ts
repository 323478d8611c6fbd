/**
 * The official OpenAI and Anthropic SDKs against the gateway in front of fake Gemini and
 * Ollama upstreams: both caller formats, streamed and not, system prompts, a tool call
 * round trip, the usage billed from the upstream's counts, model discovery, and an
 * upstream error answered in the caller's format.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { NATIVE_TEXT, startFakeGeminiOllama, type FakeGeminiOllama, type NativeBehaviour, type NativeRequest } from '../support/fake-gemini-ollama';
import { startTestApp, type TestApp } from '../support/test-app';
import { costOf, Gateway, privateDataDir, unique } from './gateway-fixture';

type Kind = 'gemini' | 'ollama';

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};
const anthropicWeatherTool = { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } };

const USAGE = { prompt: 17, completion: 11 };

jest.setTimeout(30_000);

describe('gateway: Gemini and Ollama upstreams (official SDKs, fake native upstreams)', () => {
  let t: TestApp;
  let gw: Gateway;
  const fakes: FakeGeminiOllama[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { DATA_DIR: privateDataDir() } });
    gw = await new Gateway(t).init();
  });
  afterAll(async () => {
    await Promise.all(fakes.map((f) => f.close()));
    await gw.close();
    await t.close();
  });

  /** A provider of this type in front of a fresh fake, and a public model routed to it. */
  async function route(kind: Kind, behaviour: Partial<NativeBehaviour> = {}, upstreamModel = `${kind}-upstream-model`) {
    const fake = await startFakeGeminiOllama(behaviour);
    fakes.push(fake);
    const provider = await gw.admin.post('/api/v1/providers', {
      name: unique(kind),
      type: kind,
      baseUrl: fake.baseUrl,
      ...(kind === 'gemini' ? { apiKey: 'gemini-upstream-secret-1234' } : {}),
    });
    if (provider.status !== 201) throw new Error(`provider: ${provider.status} ${JSON.stringify(provider.body)}`);
    const name = unique('model');
    const model = await gw.admin.post('/api/v1/models', {
      name,
      targets: [{ providerId: provider.body.id, upstreamModel, priority: 0 }],
      inputPriceUsdPerMTok: 1000,
      outputPriceUsdPerMTok: 2000,
    });
    if (model.status !== 201) throw new Error(`model: ${model.status} ${JSON.stringify(model.body)}`);
    return { model: name, providerId: provider.body.id as string, fake, upstreamModel };
  }

  /** The chat request the upstream received. */
  const lastChat = (kind: Kind, fake: FakeGeminiOllama): NativeRequest => (kind === 'gemini' ? fake.lastGemini : fake.lastOllama)!;

  describe.each(['gemini', 'ollama'] as const)('%s upstream', (kind) => {
    it('OpenAI SDK, non-stream: text and usage from the upstream, the right URL and model, and the usage row billed from its counts', async () => {
      const r = await route(kind);
      const u = await gw.user();
      const { data, response } = await u.openai.chat.completions.create({ model: r.model, messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 40 }).withResponse();
      expect(data.choices[0].message.content).toBe(NATIVE_TEXT);
      expect(data.choices[0].finish_reason).toBe('stop');
      expect(data.usage).toMatchObject({ prompt_tokens: USAGE.prompt, completion_tokens: USAGE.completion, total_tokens: USAGE.prompt + USAGE.completion });

      const sent = lastChat(kind, r.fake);
      if (kind === 'gemini') {
        expect(sent.path).toBe(`/v1beta/models/${r.upstreamModel}:generateContent`);
        expect(sent.headers['x-goog-api-key']).toBe('gemini-upstream-secret-1234');
        expect(sent.body).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Say hello' }] }], generationConfig: { maxOutputTokens: 40 } });
      } else {
        expect(sent.path).toBe('/api/chat');
        expect(sent.headers.authorization).toBeUndefined();
        expect(sent.body).toEqual({ model: r.upstreamModel, messages: [{ role: 'user', content: 'Say hello' }], stream: false, options: { num_predict: 40 } });
      }

      const row = await gw.usageRow(u, response.headers.get('x-request-id')!);
      expect(row).toMatchObject({ model: r.model, upstreamModel: null, endpoint: '/v1/chat/completions', stream: false, status: 200, promptTokens: USAGE.prompt, completionTokens: USAGE.completion });
      expect(row.costUsd).toBeCloseTo(costOf(USAGE.prompt, USAGE.completion), 9);
      expect(await gw.balance(u)).toBeCloseTo(10 - costOf(USAGE.prompt, USAGE.completion), 6);
    });

    it('OpenAI SDK, stream: pieces that join to the text, finish_reason stop, a usage chunk, and a streamed usage row', async () => {
      const r = await route(kind);
      const u = await gw.user();
      const { data: stream, response } = await u.openai.chat.completions
        .create({ model: r.model, messages: [{ role: 'user', content: 'Stream please' }], stream: true, stream_options: { include_usage: true } })
        .withResponse();
      expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
      const pieces: string[] = [];
      let finish: string | null = null;
      let usage: unknown;
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        if (choice?.delta.content) pieces.push(choice.delta.content);
        if (choice?.finish_reason) finish = choice.finish_reason;
        if (chunk.usage) usage = chunk.usage;
      }
      expect(pieces.length).toBeGreaterThan(3);
      expect(pieces.join('')).toBe(NATIVE_TEXT);
      expect(finish).toBe('stop');
      expect(usage).toMatchObject({ prompt_tokens: USAGE.prompt, completion_tokens: USAGE.completion });

      const sent = lastChat(kind, r.fake);
      if (kind === 'gemini') expect(sent.path).toBe(`/v1beta/models/${r.upstreamModel}:streamGenerateContent?alt=sse`);
      else expect(sent.body).toMatchObject({ model: r.upstreamModel, stream: true });

      const row = await gw.usageRow(u, response.headers.get('x-request-id')!);
      expect(row).toMatchObject({ stream: true, status: 200, promptTokens: USAGE.prompt, completionTokens: USAGE.completion });
      expect(row.costUsd).toBeCloseTo(costOf(USAGE.prompt, USAGE.completion), 9);
    });

    it('Anthropic SDK, non-stream with a system prompt: the system prompt reaches the upstream, text and usage come back', async () => {
      const r = await route(kind);
      const u = await gw.user();
      const { data, response } = await u.anthropic.messages
        .create({ model: r.model, max_tokens: 100, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello?' }] })
        .withResponse();
      expect(data.type).toBe('message');
      expect(data.content).toEqual([{ type: 'text', text: NATIVE_TEXT }]);
      expect(data.stop_reason).toBe('end_turn');
      expect(data.usage).toMatchObject({ input_tokens: USAGE.prompt, output_tokens: USAGE.completion });

      const sent = lastChat(kind, r.fake).body;
      if (kind === 'gemini') {
        expect(sent.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }] });
        expect(sent.contents).toEqual([{ role: 'user', parts: [{ text: 'Hello?' }] }]);
        expect(sent.generationConfig).toMatchObject({ maxOutputTokens: 100 });
      } else {
        expect(sent.messages).toEqual([
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hello?' },
        ]);
        expect(sent.options).toMatchObject({ num_predict: 100 });
      }
      const row = await gw.usageRow(u, response.headers.get('x-request-id')!);
      expect(row).toMatchObject({ endpoint: '/v1/messages', stream: false, status: 200, promptTokens: USAGE.prompt, completionTokens: USAGE.completion });
    });

    it('Anthropic SDK, stream: text deltas the SDK accumulates, end_turn and the upstream usage', async () => {
      const r = await route(kind);
      const u = await gw.user();
      const stream = u.anthropic.messages.stream({ model: r.model, max_tokens: 100, messages: [{ role: 'user', content: 'Stream' }] });
      const deltas: string[] = [];
      stream.on('text', (text) => deltas.push(text));
      const message = await stream.finalMessage();
      expect(deltas.length).toBeGreaterThan(3);
      expect(deltas.join('')).toBe(NATIVE_TEXT);
      expect(message.content).toEqual([{ type: 'text', text: NATIVE_TEXT }]);
      expect(message.stop_reason).toBe('end_turn');
      expect(message.usage).toMatchObject({ input_tokens: USAGE.prompt, output_tokens: USAGE.completion });
      const { response } = await stream.withResponse();
      const row = await gw.usageRow(u, response.headers.get('x-request-id')!);
      expect(row).toMatchObject({ endpoint: '/v1/messages', stream: true, status: 200, promptTokens: USAGE.prompt, completionTokens: USAGE.completion });
    });

    it('OpenAI SDK tool round trip: tools out, a tool call back, the tool result on the next turn', async () => {
      const r = await route(kind, { toolArguments: { city: 'Oslo' } });
      const u = await gw.user();
      const first = await u.openai.chat.completions.create({ model: r.model, messages: [{ role: 'user', content: 'Weather in Oslo?' }], tools: [weatherTool] });
      expect(first.choices[0].finish_reason).toBe('tool_calls');
      const call = first.choices[0].message.tool_calls![0] as { id: string; type: string; function: { name: string; arguments: string } };
      expect(call).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
      expect(call.id).toBeTruthy();
      expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Oslo' });

      const out = lastChat(kind, r.fake).body;
      if (kind === 'gemini') expect(out.tools).toEqual([{ functionDeclarations: [{ name: 'get_weather', description: 'Weather for a city', parameters: weatherTool.function.parameters }] }]);
      else expect(out.tools).toEqual([weatherTool]);

      const second = await u.openai.chat.completions.create({
        model: r.model,
        messages: [{ role: 'user', content: 'Weather in Oslo?' }, first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: '{"sky":"snow","celsius":-3}' }],
      });
      expect(second.choices[0].message.content).toBe(NATIVE_TEXT);
      const followUp = lastChat(kind, r.fake).body;
      if (kind === 'gemini') {
        expect(followUp.contents).toEqual([
          { role: 'user', parts: [{ text: 'Weather in Oslo?' }] },
          { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Oslo' } }, thoughtSignature: 'skip_thought_signature_validator' }] },
          { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { sky: 'snow', celsius: -3 } } }] },
        ]);
      } else {
        expect(followUp.messages).toEqual([
          { role: 'user', content: 'Weather in Oslo?' },
          { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Oslo' } } }] },
          { role: 'tool', content: '{"sky":"snow","celsius":-3}', tool_name: 'get_weather' },
        ]);
      }
    });

    it('Anthropic SDK tool round trip, streamed: a tool_use block with its input, then the tool_result reaches the upstream', async () => {
      const r = await route(kind, { toolArguments: { city: 'Lima' } });
      const u = await gw.user();
      const message = await u.anthropic.messages.stream({ model: r.model, max_tokens: 100, system: 'Use tools.', messages: [{ role: 'user', content: 'Weather?' }], tools: [anthropicWeatherTool] }).finalMessage();
      expect(message.stop_reason).toBe('tool_use');
      expect(message.content).toHaveLength(1);
      const use = message.content[0] as Anthropic.ToolUseBlock;
      expect(use).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Lima' } });
      expect(message.usage).toMatchObject({ input_tokens: USAGE.prompt, output_tokens: USAGE.completion });
      const out = lastChat(kind, r.fake).body;
      if (kind === 'gemini') {
        expect(out.systemInstruction).toEqual({ parts: [{ text: 'Use tools.' }] });
        expect(out.tools[0].functionDeclarations[0]).toEqual({ name: 'get_weather', description: 'Weather for a city', parameters: anthropicWeatherTool.input_schema });
      } else {
        expect(out.messages[0]).toEqual({ role: 'system', content: 'Use tools.' });
        expect(out.tools).toEqual([weatherTool]);
      }

      const answer = await u.anthropic.messages.create({
        model: r.model,
        max_tokens: 100,
        tools: [anthropicWeatherTool],
        messages: [
          { role: 'user', content: 'Weather?' },
          { role: 'assistant', content: message.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'Sunny' }] },
        ],
      });
      expect(answer.stop_reason).toBe('tool_use'); // the fake calls the tool whenever tools are offered
      const followUp = lastChat(kind, r.fake).body;
      if (kind === 'gemini') {
        expect(followUp.contents.at(-1)).toEqual({ role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { content: 'Sunny' } } }] });
      } else {
        expect(followUp.messages.at(-1)).toEqual({ role: 'tool', content: 'Sunny', tool_name: 'get_weather' });
      }
    });

    it('discovers the upstream models', async () => {
      const r = await route(kind, { models: ['native-x', 'native-y'] });
      const res = await gw.admin.get(`/api/v1/providers/${r.providerId}/models`);
      expect(res.status).toBe(200);
      expect(res.body.models.map((m: { id: string }) => m.id)).toEqual(['native-x', 'native-y']);
      expect(r.fake.to(kind === 'gemini' ? '/v1beta/models' : '/api/tags')).toHaveLength(1);
    });
  });

  describe('upstream errors in the caller format', () => {
    it('Gemini 429 RESOURCE_EXHAUSTED -> 429 rate_limit_error (OpenAI and Anthropic callers), nothing billed', async () => {
      const r = await route('gemini', { failStatus: 429, failMessage: 'Quota exceeded for gemini' });
      const u = await gw.user();
      const openaiError = await u.openai.chat.completions.create({ model: r.model, messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
      expect(openaiError).toBeInstanceOf(OpenAI.APIError);
      expect(openaiError).toMatchObject({ status: 429, error: { type: 'rate_limit_error', code: 'rate_limit', message: expect.stringContaining('Quota exceeded for gemini') } });

      const anthropicError = await u.anthropic.messages.create({ model: r.model, max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
      expect(anthropicError).toBeInstanceOf(Anthropic.APIError);
      expect(anthropicError).toMatchObject({ status: 429, error: { type: 'error', error: { type: 'rate_limit_error', message: expect.stringContaining('Quota exceeded for gemini') } } });
      expect(await gw.balance(u)).toBeCloseTo(10, 9);
    });

    it('Ollama 404 "model not found" -> 404 (OpenAI invalid_request_error, Anthropic not_found_error), streamed too', async () => {
      const r = await route('ollama', { failStatus: 404, failMessage: "model 'llama-missing' not found" });
      const u = await gw.user();
      const openaiError = await u.openai.chat.completions.create({ model: r.model, messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
      expect(openaiError).toMatchObject({ status: 404, error: { type: 'invalid_request_error', code: 'not_found', message: expect.stringContaining("model 'llama-missing' not found") } });

      const anthropicError = await u.anthropic.messages.create({ model: r.model, max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
      expect(anthropicError).toBeInstanceOf(Anthropic.NotFoundError);
      expect(anthropicError).toMatchObject({ status: 404, error: { type: 'error', error: { type: 'not_found_error' } } });
    });
  });
});
