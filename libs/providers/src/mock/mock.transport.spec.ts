import { accumulate, config, decodeStream, sseEvents } from '../__fixtures__/fixtures';
import { countPromptTokens, countTextTokens } from '../token-counter';
import type { ProviderConfig } from '../provider-adapter.interface';
import { ClientAbort } from '../upstream-transport';
import type { ChatRequest as Request, ToolDefinition } from '../unified.types';
import { MOCK_BASE_URL, mockAdapter } from './mock.adapter';

const transport = mockAdapter.transport!;
const options = { headersTimeoutMs: 30_000, bodyTimeoutMs: 30_000 };
const mockConfig = (headers: Record<string, string> = {}): ProviderConfig => config({ type: 'mock', apiKey: null, headers });
const ask = (content: string, extra: Partial<Request> = {}): Request => ({ model: 'public', messages: [{ role: 'user', content }], ...extra });
const TEXT = 'Mock reply to: "What is the capital of Italy?". The quick brown fox jumps over the lazy dog while the gateway counts every token it sees.';
const italy = ask('What is the capital of Italy?');
const weather: ToolDefinition = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' }, unit: { enum: ['c', 'f'] } }, required: ['city', 'days', 'unit'] },
  },
};
const clock: ToolDefinition = { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } };

async function complete(request: Request, model = 'mock-small') {
  const res = await transport.fetchText(mockAdapter.chatRequest(mockConfig(), request, model), options);
  expect(res.statusCode).toBe(200);
  return mockAdapter.parseChatResponse(JSON.parse(res.text), model);
}

async function read(body: AsyncIterable<Buffer>): Promise<string[]> {
  const parts: string[] = [];
  for await (const part of body) parts.push(part.toString('utf8'));
  return parts;
}

async function stream(request: Request, model = 'mock-small', cfg = mockConfig(), abort?: ClientAbort) {
  const res = await transport.fetchStream(mockAdapter.chatRequest(cfg, { ...request, stream: true }, model), options, abort);
  expect(res.statusCode).toBe(200);
  const raw = (await read(res.body)).join('');
  return { raw, ...decodeStream(mockAdapter, raw, model) };
}

describe('mock adapter', () => {
  it('is an OpenAI-compatible adapter whose calls stay in process', () => {
    const upstream = mockAdapter.chatRequest(mockConfig({ 'x-mock-latency-ms': '5' }), italy, 'mock-small');
    expect(upstream).toMatchObject({ method: 'POST', url: `${MOCK_BASE_URL}/chat/completions`, headers: { 'content-type': 'application/json', 'x-mock-latency-ms': '5' } });
    expect(mockAdapter.nativeFormats).toEqual(['openai-chat']);
    expect(mockAdapter.streamFraming).toBe('sse');
  });
});

describe('mock transport: chat', () => {
  it('answers deterministically from the last user message, with counted usage', async () => {
    const response = await complete(italy);
    const prompt = countPromptTokens(italy);
    const completion = countTextTokens(TEXT);
    expect(response).toMatchObject({ object: 'chat.completion', model: 'mock-small' });
    expect(response.choices[0]).toEqual({ index: 0, message: { role: 'assistant', content: TEXT }, logprobs: null, finish_reason: 'stop' });
    expect(response.usage).toEqual({
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
    expect((await complete(italy)).choices[0].message.content).toBe(TEXT);
  });

  it('quotes only the first 60 characters and stops at max_tokens with finish length', async () => {
    const long = ask('x'.repeat(100), { max_tokens: 5 });
    const response = await complete(long, 'mock-large');
    expect(response.choices[0].finish_reason).toBe('length');
    expect(response.usage?.completion_tokens).toBe(5);
    expect((await complete({ ...long, max_tokens: undefined })).choices[0].message.content).toContain(`"${'x'.repeat(60)}"`);
  });

  it('streams SSE frames: the same text in word groups, a finish chunk, a usage chunk, [DONE]', async () => {
    const { raw, chunks, finished } = await stream(italy);
    const result = accumulate(chunks);
    expect(result.text).toBe(TEXT);
    expect(raw.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(finished).toBe(true);
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta.content).length).toBeGreaterThan(3);
    expect(chunks.at(-2)?.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: (await complete(italy)).usage });
    // Asked for usage, OpenAI writes `"usage":null` on every other chunk.
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
  });

  it('sends no usage chunk when the caller did not ask for one (native passthrough)', async () => {
    const body = JSON.stringify({ model: 'mock-small', messages: italy.messages, stream: true });
    const res = await transport.fetchStream(mockAdapter.nativeRequest!(mockConfig(), 'openai-chat', body, {}), options);
    const events = sseEvents((await read(res.body)).join(''));
    expect(events.at(-1)?.data).toBe('[DONE]');
    expect(events.some((event) => event.data.includes('"usage"'))).toBe(false);
  });

  it('mock-tool calls the first tool with arguments valid for its schema, then answers the tool result in text', async () => {
    const request = ask('Weather?', { tools: [weather, clock] });
    const response = await complete(request, 'mock-tool');
    const call = response.choices[0].message.tool_calls![0];
    expect(response.choices[0]).toMatchObject({ finish_reason: 'tool_calls', message: { content: null } });
    expect(call).toMatchObject({ id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'get_weather' } });
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'mock', days: 1, unit: 'c' });
    expect(response.usage?.completion_tokens).toBe(countTextTokens('get_weather') + countTextTokens(call.function.arguments));

    const streamed = accumulate((await stream(request, 'mock-tool')).chunks);
    expect(streamed.toolCalls).toHaveLength(1);
    expect(streamed.toolCalls[0].function).toEqual({ name: 'get_weather', arguments: '{"city":"mock","days":1,"unit":"c"}' });
    expect(streamed.finishReason).toBe('tool_calls');

    const followUp = { ...request, messages: [...request.messages, { role: 'assistant' as const, content: null, tool_calls: [call] }, { role: 'tool' as const, tool_call_id: call.id, content: 'sunny' }] };
    expect((await complete(followUp, 'mock-tool')).choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: expect.stringContaining('Mock reply to: "sunny"') } });
  });

  it('honours tool_choice: a named tool, required (any model), none', async () => {
    const tools = [weather, clock];
    const named = await complete(ask('Time?', { tools, tool_choice: { type: 'function', function: { name: 'get_time' } } }), 'mock-tool');
    expect(named.choices[0].message.tool_calls?.[0].function).toEqual({ name: 'get_time', arguments: '{}' });
    const required = await complete(ask('Time?', { tools, tool_choice: 'required', parallel_tool_calls: true }), 'mock-small');
    expect(required.choices[0].message.tool_calls?.map((c) => c.function.name)).toEqual(['get_weather']);
    const none = await complete(ask('Time?', { tools, tool_choice: 'none' }), 'mock-tool');
    expect(none.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: expect.stringMatching(/^Mock reply/) } });
    expect((await complete(ask('Time?', { tools }), 'mock-small')).choices[0].message.tool_calls).toBeUndefined();
  });

  it('thinks when asked: reasoning_content before the text, counted as reasoning tokens inside completion tokens', async () => {
    const request = ask('What is the capital of Italy?', { reasoning_effort: 'low' });
    const response = await complete(request);
    const { reasoning_content: reasoning, content } = response.choices[0].message;
    expect(reasoning).toBe('The user wrote "What is the capital of Italy?". A short answer will do: reply in one sentence.');
    expect(content).toBe(TEXT);
    expect(response.usage).toMatchObject({
      completion_tokens: countTextTokens(reasoning!) + countTextTokens(TEXT),
      completion_tokens_details: { reasoning_tokens: countTextTokens(reasoning!) },
    });

    const { chunks } = await stream(request);
    const firstText = chunks.findIndex((chunk) => chunk.choices[0]?.delta.content);
    const thinking = chunks.map((chunk) => chunk.choices[0]?.delta.reasoning_content ?? '');
    expect(thinking.join('')).toBe(reasoning);
    expect(thinking.slice(firstText).join('')).toBe('');
    expect(accumulate(chunks).usage).toEqual(response.usage);

    expect((await complete({ ...italy, thinking_budget: 1024 })).choices[0].message.reasoning_content).toBe(reasoning);
    expect((await complete({ ...italy, reasoning_effort: 'none' })).choices[0].message.reasoning_content).toBeUndefined();
  });

  it('max_tokens covers reasoning first, then text', async () => {
    const response = await complete({ ...italy, reasoning_effort: 'high', max_tokens: 4 });
    expect(response.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: '' } });
    expect(response.usage).toMatchObject({ completion_tokens: 4, completion_tokens_details: { reasoning_tokens: 4 } });
  });

  it('reports the largest multiple of 1024 below a long prompt as cached', async () => {
    const long = ask('lorem ipsum '.repeat(1500));
    const usage = (await complete(long)).usage!;
    expect(usage.prompt_tokens).toBeGreaterThan(2048);
    expect(usage.prompt_tokens_details).toEqual({ cached_tokens: Math.floor((usage.prompt_tokens - 1) / 1024) * 1024 });
    expect((await complete(italy)).usage?.prompt_tokens_details).toEqual({ cached_tokens: 0 });
  });

  it('answers response_format with a JSON object valid for the schema', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' }, sunny: { type: 'boolean' } }, required: ['city', 'sunny'] };
    const structured = await complete({ ...italy, response_format: { type: 'json_schema', json_schema: { name: 'w', schema, strict: true } } });
    expect(JSON.parse(structured.choices[0].message.content!)).toEqual({ city: 'mock', sunny: true });
    const object = await complete({ ...italy, response_format: { type: 'json_object' } });
    expect(JSON.parse(object.choices[0].message.content!)).toEqual({ reply: 'Mock reply to: "What is the capital of Italy?".' });
  });
});

describe('mock transport: HTTP behaviour', () => {
  it.each([
    ['mock-error-500', 500, 'server', undefined],
    ['mock-error-429', 429, 'rate_limit', '1'],
  ])('%s answers %i with an OpenAI error body, streamed or not', async (model, status, kind, retryAfter) => {
    const res = await transport.fetchText(mockAdapter.chatRequest(mockConfig(), italy, model), options);
    expect(res).toMatchObject({ statusCode: status, retryAfter });
    expect(JSON.parse(res.text)).toEqual({ error: { message: expect.any(String), type: expect.any(String), param: null, code: status === 429 ? 'rate_limit_exceeded' : null } });
    expect(mockAdapter.mapError(res.statusCode, res.text)).toMatchObject({ kind, upstreamStatus: status, retryable: true });

    const streamed = await transport.fetchStream(mockAdapter.chatRequest(mockConfig(), { ...italy, stream: true }, model), options);
    expect(streamed).toMatchObject({ statusCode: status, retryAfter });
    expect((await read(streamed.body)).join('')).toBe(res.text);
  });

  it('answers 400 to a body that is not JSON or has no messages, 404 to an unknown path', async () => {
    const call = (body: string, url = `${MOCK_BASE_URL}/chat/completions`) => transport.fetchText({ method: 'POST', url, headers: {}, body }, options);
    const notJson = await call('{nope');
    expect(notJson.statusCode).toBe(400);
    expect(JSON.parse(notJson.text).error).toMatchObject({ type: 'invalid_request_error' });
    const noMessages = await call('{"model":"mock-small"}');
    expect(noMessages.statusCode).toBe(400);
    expect(JSON.parse(noMessages.text).error).toMatchObject({ code: 'missing_required_parameter', param: 'messages' });
    expect(mockAdapter.mapError(400, noMessages.text)).toMatchObject({ kind: 'invalid_request', retryable: false });
    const unknown = await call('{}', `${MOCK_BASE_URL}/responses`);
    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.text).error).toMatchObject({ code: 'unknown_url' });
  });

  it('waits x-mock-latency-ms per chunk', async () => {
    const started = Date.now();
    const { chunks } = await stream(italy, 'mock-small', mockConfig({ 'x-mock-latency-ms': '10' }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(10 * chunks.length - 5);
  });

  it('stops mid-stream once the caller aborts, with undici’s abort error', async () => {
    const abort = new ClientAbort();
    const req = mockAdapter.chatRequest(mockConfig({ 'x-mock-latency-ms': '20' }), { ...italy, stream: true }, 'mock-small');
    const res = await transport.fetchStream(req, options, abort);
    const seen: string[] = [];
    const reading = (async () => {
      for await (const part of res.body) {
        seen.push(part.toString());
        if (seen.length === 2) abort.abort();
      }
    })();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError', code: 'UND_ERR_ABORTED' });
    expect(seen).toHaveLength(2);
  });

  it('refuses to start once aborted, and fails the first chunk when aborted in between', async () => {
    const req = mockAdapter.chatRequest(mockConfig(), { ...italy, stream: true }, 'mock-small');
    const gone = new ClientAbort();
    gone.abort();
    await expect(transport.fetchStream(req, options, gone)).rejects.toMatchObject({ code: 'UND_ERR_ABORTED' });
    await expect(transport.fetchText(mockAdapter.chatRequest(mockConfig(), italy, 'mock-small'), options, gone)).rejects.toMatchObject({ code: 'UND_ERR_ABORTED' });

    const late = new ClientAbort();
    const res = await transport.fetchStream(req, options, late);
    late.abort();
    await expect(read(res.body)).rejects.toMatchObject({ name: 'AbortError' });

    const waiting = new ClientAbort();
    const text = transport.fetchText(mockAdapter.chatRequest(mockConfig({ 'x-mock-latency-ms': '1000' }), italy, 'mock-small'), options, waiting);
    waiting.abort();
    await expect(text).rejects.toMatchObject({ code: 'UND_ERR_ABORTED' });
  });

  it('times out as HTTP would when the latency outlasts the body timeout', async () => {
    const req = mockAdapter.chatRequest(mockConfig({ 'x-mock-latency-ms': '1000' }), italy, 'mock-small');
    await expect(transport.fetchText(req, { headersTimeoutMs: 20, bodyTimeoutMs: 20 })).rejects.toMatchObject({ code: 'UND_ERR_BODY_TIMEOUT' });
  });

  it('embeds deterministically into unit vectors, as floats or base64 little-endian float32', async () => {
    const embed = async (request: Parameters<NonNullable<typeof mockAdapter.embeddingsRequest>>[1]) => {
      const res = await transport.fetchText(mockAdapter.embeddingsRequest!(mockConfig(), request, 'mock-embed'), options);
      expect(res.statusCode).toBe(200);
      return mockAdapter.parseEmbeddingsResponse!(JSON.parse(res.text), 'mock-embed');
    };
    const first = await embed({ model: 'e', input: ['hello', 'world'] });
    const again = await embed({ model: 'e', input: 'hello' });
    expect(first).toMatchObject({ object: 'list', model: 'mock-embed', usage: { prompt_tokens: 2, total_tokens: 2 } });
    expect(first.data[0]).toMatchObject({ object: 'embedding', index: 0 });
    expect(first.data[0].embedding).toHaveLength(8);
    expect(first.data[0].embedding).toEqual(again.data[0].embedding);
    expect(first.data[0].embedding).not.toEqual(first.data[1].embedding);
    expect(Math.hypot(...first.data[0].embedding)).toBeCloseTo(1, 6);
    expect((await embed({ model: 'e', input: 'hello', dimensions: 32 })).data[0].embedding).toHaveLength(32);
    expect((await embed({ model: 'e', input: 'hello', dimensions: 4096 })).data[0].embedding).toHaveLength(4096);
    // More than a real model makes is refused at once rather than computed (20 M numbers blocked the event loop for seconds).
    const tooMany = await transport.fetchText(mockAdapter.embeddingsRequest!(mockConfig(), { model: 'e', input: 'hello', dimensions: 20_000_000 }, 'mock-embed'), options);
    expect(tooMany.statusCode).toBe(400);
    expect(JSON.parse(tooMany.text).error).toMatchObject({ type: 'invalid_request_error', param: 'dimensions' });

    const encoded = (await embed({ model: 'e', input: 'hello', encoding_format: 'base64' })).data[0].embedding as unknown as string;
    const bytes = Buffer.from(encoded, 'base64');
    const decoded = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
    decoded.forEach((value, i) => expect(value).toBeCloseTo(first.data[0].embedding[i], 6));
  });

  it('lists its models for discovery', async () => {
    const res = await transport.fetchText(mockAdapter.listModelsRequest(mockConfig()), options);
    expect(JSON.parse(res.text)).toMatchObject({ object: 'list', data: [{ id: 'mock-small', object: 'model', owned_by: 'mock' }, {}, {}, {}] });
    expect(mockAdapter.parseModelsResponse(JSON.parse(res.text))).toEqual(['mock-small', 'mock-large', 'mock-tool', 'mock-embed'].map((id) => ({ id, ownedBy: 'mock' })));
  });
});
