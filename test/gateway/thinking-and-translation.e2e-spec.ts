/**
 * Translation that drops nothing silently, with the official SDKs against fake upstreams:
 * extended thinking <-> reasoning (budgets valid for the target, thinking as reasoning_content
 * for OpenAI callers, signed thinking replayed across tool turns), images, PDFs, tool choice and
 * parallel calls, stop, user, structured output, and `x-gateway-ignored-params` naming what the
 * target cannot honour.
 */
import type OpenAI from 'openai';
import { DEFAULT_SIGNATURE, DEFAULT_TEXT, DEFAULT_THINKING } from '../support/fake-upstream';
import { NATIVE_TEXT, NATIVE_THOUGHTS, startFakeGeminiOllama, type FakeGeminiOllama } from '../support/fake-gemini-ollama';
import { startTestApp, type TestApp } from '../support/test-app';
import { Gateway, privateDataDir, unique, type UserKey } from './gateway-fixture';

jest.setTimeout(30_000);

const REASONING = 'Reasoning upstream: the user greets me, so I greet back.';
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF').toString('base64');
const IMAGE_URL = 'https://images.example.com/cat.png';

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};
const anthropicWeatherTool = { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } };

/** Request fields OpenAI's chat API takes (it refuses unknown ones). */
const OPENAI_FIELDS = new Set([
  ...'model messages stream stream_options max_tokens max_completion_tokens temperature top_p stop tools tool_choice parallel_tool_calls'.split(' '),
  ...'user reasoning_effort response_format seed n logit_bias logprobs top_logprobs presence_penalty frequency_penalty metadata store'.split(' '),
  ...'service_tier modalities audio prediction verbosity safety_identifier prompt_cache_key'.split(' '),
]);
/** Request fields Anthropic's Messages API takes. */
const ANTHROPIC_FIELDS = new Set('model messages max_tokens system stop_sequences temperature top_p top_k tools tool_choice thinking metadata stream service_tier'.split(' '));

const unknownFields = (body: Record<string, unknown>, known: Set<string>) => Object.keys(body).filter((field) => !known.has(field));
const ignoredParams = (headers: Headers) => (headers.get('x-gateway-ignored-params') ?? '').split(',').map((field) => field.trim()).filter(Boolean);

describe('gateway: translation drops nothing silently (official SDKs, fake upstreams)', () => {
  let t: TestApp;
  let gw: Gateway;
  let u: UserKey;
  const natives: FakeGeminiOllama[] = [];
  beforeAll(async () => {
    t = await startTestApp({ env: { DATA_DIR: privateDataDir() } });
    gw = await new Gateway(t).init();
    u = await gw.user({ creditsUsd: 100 });
  });
  afterAll(async () => {
    await Promise.all(natives.map((f) => f.close()));
    await gw.close();
    await t.close();
  });

  /** A Gemini or Ollama provider in front of a fresh fake, and a public model routed to it. */
  async function nativeRoute(kind: 'gemini' | 'ollama') {
    const fake = await startFakeGeminiOllama();
    natives.push(fake);
    const provider = await gw.admin.post('/api/v1/providers', { name: unique(kind), type: kind, baseUrl: fake.baseUrl, ...(kind === 'gemini' ? { apiKey: 'gemini-secret-1234' } : {}) });
    const model = unique('model');
    await gw.admin.post('/api/v1/models', { name: model, targets: [{ providerId: provider.body.id, upstreamModel: `${kind}-thinker` }], inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 1 });
    const last = () => (kind === 'gemini' ? fake.lastGemini : fake.lastOllama)!.body;
    return { model, last };
  }

  describe('extended thinking <-> reasoning', () => {
    it('Anthropic caller with thinking -> openai-kind provider: reasoning_effort upstream, reasoning_content back as a thinking block', async () => {
      const route = await gw.route([{ kind: 'openai', upstreamModel: 'deepseek-reasoner', behaviour: { reasoning: REASONING } }]);
      const fake = route.providers[0].fake!;
      const ask = { model: route.model, max_tokens: 4000, thinking: { type: 'enabled' as const, budget_tokens: 2048 }, messages: [{ role: 'user' as const, content: 'Hello' }] };
      const message = await u.anthropic.messages.create(ask);
      // The documented mapping: a budget under 4096 is "low".
      expect(fake.lastChat.reasoning_effort).toBe('low');
      expect(unknownFields(fake.lastChat, OPENAI_FIELDS)).toEqual([]);
      expect(message.content).toEqual([expect.objectContaining({ type: 'thinking', thinking: REASONING }), { type: 'text', text: DEFAULT_TEXT }]);

      const stream = u.anthropic.messages.stream(ask);
      const thoughts: string[] = [];
      stream.on('thinking', (delta) => thoughts.push(delta));
      const streamed = await stream.finalMessage();
      expect(thoughts.join('')).toBe(REASONING);
      expect(streamed.content[0]).toMatchObject({ type: 'thinking', thinking: REASONING });
      expect(streamed.content[1]).toEqual({ type: 'text', text: DEFAULT_TEXT });
      expect(fake.lastChat).toMatchObject({ stream: true, reasoning_effort: 'low' });
    });

    it.each([
      ['max_completion_tokens 16000', { max_completion_tokens: 16000 }],
      ['max_tokens 1500', { max_tokens: 1500 }],
      ['no max tokens', {}],
    ])('OpenAI caller with reasoning_effort high -> anthropic (%s): a valid thinking budget upstream, reasoning_content apart from content', async (_label, limits) => {
      const route = await gw.route([{ kind: 'anthropic' }]);
      const fake = route.providers[0].fake!;
      const completion = await u.openai.chat.completions.create({ model: route.model, reasoning_effort: 'high', messages: [{ role: 'user', content: 'Hello' }], ...limits });
      const sent = fake.lastChat;
      expect(sent.thinking).toMatchObject({ type: 'enabled' });
      expect(sent.thinking.budget_tokens).toBeGreaterThanOrEqual(1024);
      expect(sent.thinking.budget_tokens).toBeLessThan(sent.max_tokens);
      expect(unknownFields(sent, ANTHROPIC_FIELDS)).toEqual([]);
      const message = completion.choices[0].message as any;
      expect(message.reasoning_content).toBe(DEFAULT_THINKING);
      expect(message.content).toBe(DEFAULT_TEXT);
    });

    it('streams thinking to an OpenAI caller as reasoning_content deltas, never inside content', async () => {
      const route = await gw.route([{ kind: 'anthropic' }]);
      const stream = await u.openai.chat.completions.create({ model: route.model, reasoning_effort: 'medium', stream: true, messages: [{ role: 'user', content: 'Hello' }] });
      let reasoning = '';
      let content = '';
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta as any;
        reasoning += delta?.reasoning_content ?? '';
        content += delta?.content ?? '';
        expect(chunk.model).toBe(route.model);
      }
      expect(reasoning).toBe(DEFAULT_THINKING);
      expect(content).toBe(DEFAULT_TEXT);
    });

    it('OpenAI caller -> anthropic across tool turns: the signed thinking of the assistant turn is replayed before its tool_use', async () => {
      const route = await gw.route([{ kind: 'anthropic', behaviour: { toolArguments: { city: 'Oslo' } } }]);
      const fake = route.providers[0].fake!;
      const ask = { model: route.model, reasoning_effort: 'medium' as const, tools: [weatherTool] };
      const question = { role: 'user' as const, content: 'Weather in Oslo?' };
      const first = await u.openai.chat.completions.create({ ...ask, messages: [question] });
      const assistant = first.choices[0].message as any;
      expect(assistant.reasoning_content).toBe(DEFAULT_THINKING);
      const call = assistant.tool_calls[0];
      expect(call).toMatchObject({ id: 'toolu_fake_1', function: { name: 'get_weather' } });

      const second = await u.openai.chat.completions.create({ ...ask, messages: [question, assistant, { role: 'tool', tool_call_id: call.id, content: 'Snowing, -3C' }] }).withResponse();
      const sent = fake.lastChat;
      expect(sent.thinking).toMatchObject({ type: 'enabled' });
      expect(sent.messages[1].content[0]).toEqual({ type: 'thinking', thinking: DEFAULT_THINKING, signature: DEFAULT_SIGNATURE });
      expect(sent.messages[1].content.at(-1)).toEqual({ type: 'tool_use', id: 'toolu_fake_1', name: 'get_weather', input: { city: 'Oslo' } });
      expect(sent.messages[2]).toEqual({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_fake_1', content: 'Snowing, -3C' }] });
      expect(ignoredParams(second.response.headers)).not.toContain('reasoning_effort');
    });

    it('OpenAI caller -> anthropic, streamed tool turns: the signature comes in a delta, and the rebuilt turn replays it', async () => {
      const route = await gw.route([{ kind: 'anthropic', behaviour: { toolArguments: { city: 'Oslo' } } }]);
      const fake = route.providers[0].fake!;
      const ask = { model: route.model, reasoning_effort: 'low' as const, tools: [weatherTool] };
      const question = { role: 'user' as const, content: 'Weather in Oslo?' };
      let reasoning = '';
      const blocks: any[] = [];
      const calls: any[] = [];
      for await (const chunk of await u.openai.chat.completions.create({ ...ask, stream: true, messages: [question] })) {
        const delta = chunk.choices[0]?.delta as any;
        reasoning += delta?.reasoning_content ?? '';
        blocks.push(...(delta?.thinking_blocks ?? []));
        for (const call of delta?.tool_calls ?? []) {
          if (call.id) calls.push({ id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } });
          else calls[call.index].function.arguments += call.function?.arguments ?? '';
        }
      }
      expect(reasoning).toBe(DEFAULT_THINKING);
      const signature = blocks.find((block) => block.signature)?.signature;
      expect(signature).toBe(DEFAULT_SIGNATURE);
      // As LiteLLM-style clients rebuild the turn: the streamed text with the block's signature.
      const assistant = { role: 'assistant', content: null, tool_calls: calls, reasoning_content: reasoning, thinking_blocks: [{ type: 'thinking', thinking: reasoning, signature }] };
      await u.openai.chat.completions.create({ ...ask, messages: [question, assistant as any, { role: 'tool', tool_call_id: calls[0].id, content: 'Snowing' }] });
      expect(fake.lastChat.thinking).toMatchObject({ type: 'enabled' });
      expect(fake.lastChat.messages[1].content[0]).toEqual({ type: 'thinking', thinking: DEFAULT_THINKING, signature: DEFAULT_SIGNATURE });
    });

    it('an OpenAI tool loop without signed thinking either thinks or says it did not', async () => {
      const route = await gw.route([{ kind: 'anthropic' }]);
      const fake = route.providers[0].fake!;
      const messages: any[] = [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'Snowing' },
      ];
      const { response } = await u.openai.chat.completions.create({ model: route.model, reasoning_effort: 'high', tools: [weatherTool], messages }).withResponse();
      if (!fake.lastChat.thinking) expect(ignoredParams(response.headers)).toContain('reasoning_effort');
    });

    it('Anthropic caller with thinking -> openai-kind across tool turns: the tool call and its result arrive as OpenAI messages', async () => {
      const route = await gw.route([{ kind: 'openai', behaviour: { reasoning: REASONING } }]);
      const fake = route.providers[0].fake!;
      const ask = { model: route.model, max_tokens: 4000, thinking: { type: 'enabled' as const, budget_tokens: 2048 }, tools: [anthropicWeatherTool] };
      const question = { role: 'user' as const, content: 'Weather in Rome?' };
      const first = await u.anthropic.messages.create({ ...ask, messages: [question] });
      expect(first.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
      const result = { role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: 'call_fake_1', content: 'Sunny' }] };
      await u.anthropic.messages.create({ ...ask, messages: [question, { role: 'assistant', content: first.content }, result] });
      const sent = fake.lastChat;
      expect(sent.messages[1]).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_fake_1', type: 'function', function: { name: 'get_weather' } }] });
      expect(sent.messages[2]).toMatchObject({ role: 'tool', tool_call_id: 'call_fake_1', content: 'Sunny' });
      expect(unknownFields(sent, OPENAI_FIELDS)).toEqual([]);
    });
  });

  describe('Gemini and Ollama thinking', () => {
    it('Gemini: a thinking budget as thinkingConfig, thoughts back as thinking / reasoning_content, thought tokens counted as output', async () => {
      const route = await nativeRoute('gemini');
      const message = await u.anthropic.messages.create({ model: route.model, max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 2048 }, messages: [{ role: 'user', content: 'Hello' }] });
      expect(route.last().generationConfig.thinkingConfig).toEqual({ thinkingBudget: 2048, includeThoughts: true });
      expect(message.content).toEqual([expect.objectContaining({ type: 'thinking', thinking: NATIVE_THOUGHTS }), { type: 'text', text: NATIVE_TEXT }]);
      expect(message.usage.output_tokens).toBe(11 + 6);

      const { data, response } = await u.openai.chat.completions.create({ model: route.model, reasoning_effort: 'low', messages: [{ role: 'user', content: 'Hello' }] }).withResponse();
      expect(route.last().generationConfig.thinkingConfig).toMatchObject({ thinkingBudget: expect.any(Number), includeThoughts: true });
      expect(route.last().generationConfig.thinkingConfig.thinkingBudget).toBeGreaterThan(0);
      expect((data.choices[0].message as any).reasoning_content).toBe(NATIVE_THOUGHTS);
      expect(data.choices[0].message.content).toBe(NATIVE_TEXT);
      expect(data.usage).toMatchObject({ prompt_tokens: 17, completion_tokens: 17 });
      expect(await gw.usageRow(u, response.headers.get('x-request-id')!)).toMatchObject({ completionTokens: 17 });

      let reasoning = '';
      let content = '';
      for await (const chunk of await u.openai.chat.completions.create({ model: route.model, reasoning_effort: 'low', stream: true, messages: [{ role: 'user', content: 'Hello' }] })) {
        reasoning += (chunk.choices[0]?.delta as any)?.reasoning_content ?? '';
        content += chunk.choices[0]?.delta.content ?? '';
      }
      expect(reasoning).toBe(NATIVE_THOUGHTS);
      expect(content).toBe(NATIVE_TEXT);
    });

    it('Ollama: think upstream, thinking back as a thinking block / reasoning_content, streamed and not', async () => {
      const route = await nativeRoute('ollama');
      const ask = { model: route.model, max_tokens: 4000, thinking: { type: 'enabled' as const, budget_tokens: 2048 }, messages: [{ role: 'user' as const, content: 'Hello' }] };
      const message = await u.anthropic.messages.create(ask);
      expect(route.last().think).toBeTruthy();
      expect(message.content).toEqual([expect.objectContaining({ type: 'thinking', thinking: NATIVE_THOUGHTS }), { type: 'text', text: NATIVE_TEXT }]);
      const streamed = await u.anthropic.messages.stream(ask).finalMessage();
      expect(streamed.content).toEqual(message.content);

      const completion = await u.openai.chat.completions.create({ model: route.model, reasoning_effort: 'medium', messages: [{ role: 'user', content: 'Hello' }] });
      expect(route.last().think).toBeTruthy();
      expect((completion.choices[0].message as any).reasoning_content).toBe(NATIVE_THOUGHTS);
      expect(completion.choices[0].message.content).toBe(NATIVE_TEXT);
    });
  });

  describe('x-gateway-ignored-params', () => {
    it('names what Anthropic cannot honour for an OpenAI caller, streamed and not; absent on passthrough', async () => {
      const route = await gw.route([{ kind: 'anthropic' }]);
      const fake = route.providers[0].fake!;
      const body: any = { model: route.model, messages: [{ role: 'user', content: 'Hello' }], logit_bias: { '50256': -100 }, seed: 7 };
      const { response } = await u.openai.chat.completions.create(body).withResponse();
      expect(ignoredParams(response.headers)).toEqual(expect.arrayContaining(['logit_bias', 'seed']));
      expect(unknownFields(fake.lastChat, ANTHROPIC_FIELDS)).toEqual([]);
      const streamed = await u.openai.chat.completions.create({ ...body, stream: true } as OpenAI.ChatCompletionCreateParamsStreaming).withResponse();
      for await (const _chunk of streamed.data);
      expect(ignoredParams(streamed.response.headers)).toEqual(expect.arrayContaining(['logit_bias', 'seed']));

      const native = await gw.route([{ kind: 'openai' }]);
      const passthrough = await u.openai.chat.completions.create({ ...body, model: native.model }).withResponse();
      expect(passthrough.response.headers.get('x-gateway-ignored-params')).toBeNull();
    });

    it('names top_k and cache_control for an Anthropic caller of an openai-kind provider, and sends neither; absent on passthrough', async () => {
      const route = await gw.route([{ kind: 'openai' }]);
      const fake = route.providers[0].fake!;
      const body: any = {
        model: route.model,
        max_tokens: 100,
        top_k: 40,
        system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello', cache_control: { type: 'ephemeral' } }] }],
      };
      const { response } = await u.anthropic.messages.create(body).withResponse();
      expect(ignoredParams(response.headers)).toEqual(expect.arrayContaining(['top_k', 'cache_control']));
      const sent = fake.last('/v1/chat/completions')!;
      expect(unknownFields(sent.body, OPENAI_FIELDS)).toEqual([]);
      expect(sent.rawBody).not.toContain('cache_control');
      expect(sent.rawBody).not.toContain('top_k');

      const native = await gw.route([{ kind: 'anthropic' }]);
      const passthrough = await u.anthropic.messages.create({ ...body, model: native.model }).withResponse();
      expect(passthrough.response.headers.get('x-gateway-ignored-params')).toBeNull();
    });
  });

  describe('content and controls', () => {
    it('images: data URLs <-> base64 sources, https URLs <-> url sources', async () => {
      const anthropic = await gw.route([{ kind: 'anthropic' }]);
      await u.openai.chat.completions.create({
        model: anthropic.model,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
              { type: 'image_url', image_url: { url: IMAGE_URL } },
            ],
          },
        ],
      });
      expect(anthropic.providers[0].fake!.lastChat.messages[0].content).toEqual([
        { type: 'text', text: 'What is this?' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
        { type: 'image', source: { type: 'url', url: IMAGE_URL } },
      ]);

      const openai = await gw.route([{ kind: 'openai' }]);
      await u.anthropic.messages.create({
        model: openai.model,
        max_tokens: 100,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
              { type: 'image', source: { type: 'url', url: IMAGE_URL } },
            ],
          },
        ],
      });
      expect(openai.providers[0].fake!.lastChat.messages[0].content).toEqual([
        { type: 'text', text: 'What is this?' },
        { type: 'image_url', image_url: expect.objectContaining({ url: `data:image/png;base64,${PNG}` }) },
        { type: 'image_url', image_url: expect.objectContaining({ url: IMAGE_URL }) },
      ]);
    });

    it('PDFs: an Anthropic document <-> an OpenAI file part', async () => {
      const openai = await gw.route([{ kind: 'openai' }]);
      const { response } = await u.anthropic.messages
        .create({
          model: openai.model,
          max_tokens: 100,
          messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF }, title: 'report.pdf' }, { type: 'text', text: 'Summarise' }] }],
        })
        .withResponse();
      expect(openai.providers[0].fake!.lastChat.messages[0].content).toEqual([
        { type: 'file', file: { file_data: `data:application/pdf;base64,${PDF}`, filename: 'report.pdf' } },
        { type: 'text', text: 'Summarise' },
      ]);
      expect(ignoredParams(response.headers)).not.toContain('document');

      const anthropic = await gw.route([{ kind: 'anthropic' }]);
      await u.openai.chat.completions.create({
        model: anthropic.model,
        messages: [{ role: 'user', content: [{ type: 'file', file: { file_data: `data:application/pdf;base64,${PDF}`, filename: 'report.pdf' } }, { type: 'text', text: 'Summarise' }] }],
      });
      expect(anthropic.providers[0].fake!.lastChat.messages[0].content[0]).toMatchObject({ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF } });
    });

    it('tool_choice and parallel-call control, both ways', async () => {
      const anthropic = await gw.route([{ kind: 'anthropic' }]);
      const toAnthropic = anthropic.providers[0].fake!;
      const ask = { model: anthropic.model, messages: [{ role: 'user' as const, content: 'Weather?' }], tools: [weatherTool] };
      await u.openai.chat.completions.create({ ...ask, tool_choice: { type: 'function', function: { name: 'get_weather' } }, parallel_tool_calls: false });
      expect(toAnthropic.lastChat.tool_choice).toEqual({ type: 'tool', name: 'get_weather', disable_parallel_tool_use: true });
      await u.openai.chat.completions.create({ ...ask, tool_choice: 'required' });
      expect(toAnthropic.lastChat.tool_choice).toEqual({ type: 'any' });
      await u.openai.chat.completions.create({ ...ask, tool_choice: 'none' });
      expect(toAnthropic.lastChat.tool_choice).toEqual({ type: 'none' });

      const openai = await gw.route([{ kind: 'openai' }]);
      const toOpenAi = openai.providers[0].fake!;
      const ask2 = { model: openai.model, max_tokens: 100, messages: [{ role: 'user' as const, content: 'Weather?' }], tools: [anthropicWeatherTool] };
      await u.anthropic.messages.create({ ...ask2, tool_choice: { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true } });
      expect(toOpenAi.lastChat).toMatchObject({ tool_choice: { type: 'function', function: { name: 'get_weather' } }, parallel_tool_calls: false });
      await u.anthropic.messages.create({ ...ask2, tool_choice: { type: 'any' } });
      expect(toOpenAi.lastChat.tool_choice).toBe('required');
    });

    it('stop <-> stop_sequences and user <-> metadata.user_id', async () => {
      const anthropic = await gw.route([{ kind: 'anthropic' }]);
      await u.openai.chat.completions.create({ model: anthropic.model, messages: [{ role: 'user', content: 'x' }], stop: 'END', user: 'end-user-42' });
      expect(anthropic.providers[0].fake!.lastChat).toMatchObject({ stop_sequences: ['END'], metadata: { user_id: 'end-user-42' } });

      const openai = await gw.route([{ kind: 'openai' }]);
      await u.anthropic.messages.create({ model: openai.model, max_tokens: 50, messages: [{ role: 'user', content: 'x' }], stop_sequences: ['END', 'STOP'], metadata: { user_id: 'end-user-43' } });
      expect(openai.providers[0].fake!.lastChat).toMatchObject({ stop: ['END', 'STOP'], user: 'end-user-43' });
    });

    it('response_format json_schema to anthropic: a forced tool upstream, answered as JSON text', async () => {
      const route = await gw.route([{ kind: 'anthropic', behaviour: { toolArguments: { city: 'Rome', celsius: 24 } } }]);
      const fake = route.providers[0].fake!;
      const schema = { type: 'object', properties: { city: { type: 'string' }, celsius: { type: 'number' } }, required: ['city', 'celsius'] };
      const ask = {
        model: route.model,
        messages: [{ role: 'user' as const, content: 'Weather in Rome as JSON' }],
        response_format: { type: 'json_schema' as const, json_schema: { name: 'weather', schema } },
      };
      const { data, response } = await u.openai.chat.completions.create(ask).withResponse();
      const sent = fake.lastChat;
      expect(sent.tools).toEqual([expect.objectContaining({ input_schema: schema })]);
      expect(sent.tool_choice).toMatchObject({ type: 'tool', name: sent.tools[0].name });
      expect(data.choices[0].finish_reason).toBe('stop');
      expect(data.choices[0].message.tool_calls ?? []).toEqual([]);
      expect(JSON.parse(data.choices[0].message.content!)).toEqual({ city: 'Rome', celsius: 24 });
      expect(ignoredParams(response.headers)).not.toContain('response_format');

      const streamed = await u.openai.chat.completions.stream(ask).finalChatCompletion();
      expect(JSON.parse(streamed.choices[0].message.content!)).toEqual({ city: 'Rome', celsius: 24 });
      expect(streamed.choices[0].finish_reason).toBe('stop');
    });
  });
});
