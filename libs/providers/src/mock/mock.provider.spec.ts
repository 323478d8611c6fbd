import { accumulate, config } from '../__fixtures__/fixtures';
import { countPromptTokens, countTextTokens } from '../token-counter';
import type { ChatChunk, ChatRequest } from '../unified.types';
import { mockAdapter } from './mock.adapter';

const mock = mockAdapter.inProcess!;
const mockConfig = config({ type: 'mock', apiKey: null });
const signal = () => new AbortController().signal;
const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' }, unit: { enum: ['c', 'f'] } }, required: ['city', 'days', 'unit'] },
  },
};

async function collect(stream: AsyncIterable<ChatChunk>): Promise<ChatChunk[]> {
  const chunks: ChatChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('mock provider', () => {
  const request: ChatRequest = { model: 'public', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'What is the capital of Italy?' }] };

  it('answers deterministically from the last user message, with counted usage', async () => {
    const response = await mock.complete(mockConfig, request, 'mock-small', signal());
    const text = 'Mock reply to: "What is the capital of Italy?". The quick brown fox jumps over the lazy dog while the gateway counts every token it sees.';
    expect(response.choices[0]).toEqual({ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' });
    expect(response.model).toBe('mock-small');
    expect(response.usage).toEqual({ prompt_tokens: countPromptTokens(request), completion_tokens: countTextTokens(text), total_tokens: countPromptTokens(request) + countTextTokens(text) });
    expect((await mock.complete(mockConfig, request, 'mock-small', signal())).choices[0].message.content).toBe(text);
  });

  it('quotes only the first 60 characters and stops at max_tokens with finish length', async () => {
    const long: ChatRequest = { model: 'p', messages: [{ role: 'user', content: 'x'.repeat(100) }], max_tokens: 5 };
    const response = await mock.complete(mockConfig, long, 'mock-large', signal());
    expect(response.choices[0].finish_reason).toBe('length');
    expect(response.usage?.completion_tokens).toBe(5);
    const unbounded = await mock.complete(mockConfig, { ...long, max_tokens: undefined }, 'mock-large', signal());
    expect(unbounded.choices[0].message.content).toContain(`"${'x'.repeat(60)}"`);
  });

  it('streams the same text in word groups, then a finish chunk, then a usage chunk', async () => {
    const chunks = await collect(mock.stream(mockConfig, request, 'mock-small', signal()));
    const complete = await mock.complete(mockConfig, request, 'mock-small', signal());
    const result = accumulate(chunks);
    expect(result.text).toBe(complete.choices[0].message.content);
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta.content).length).toBeGreaterThan(3);
    expect(chunks.at(-2)?.choices[0].finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: complete.usage });
  });

  it('mock-tool calls the first tool with arguments valid for its schema, then answers the tool result in text', async () => {
    const toolRequest: ChatRequest = { model: 'p', messages: [{ role: 'user', content: 'Weather?' }], tools: [weatherTool] };
    const response = await mock.complete(mockConfig, toolRequest, 'mock-tool', signal());
    const call = response.choices[0].message.tool_calls?.[0];
    expect(call?.function.name).toBe('get_weather');
    expect(JSON.parse(call?.function.arguments ?? '')).toEqual({ city: 'mock', days: 1, unit: 'c' });
    expect(response.choices[0].finish_reason).toBe('tool_calls');

    const streamed = accumulate(await collect(mock.stream(mockConfig, toolRequest, 'mock-tool', signal())));
    expect(streamed.toolCalls[0].function).toEqual({ name: 'get_weather', arguments: '{"city":"mock","days":1,"unit":"c"}' });
    expect(streamed.finishReason).toBe('tool_calls');

    const followUp: ChatRequest = {
      ...toolRequest,
      messages: [...toolRequest.messages, { role: 'assistant', content: null, tool_calls: [call!] }, { role: 'tool', tool_call_id: call!.id, content: 'sunny' }],
    };
    const answer = await mock.complete(mockConfig, followUp, 'mock-tool', signal());
    expect(answer.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: expect.stringContaining('Mock reply to: "sunny"') } });
  });

  it.each([
    ['mock-error-500', 'server', 500],
    ['mock-error-429', 'rate_limit', 429],
  ])('%s fails with a %s ProviderError, streamed or not', async (model, kind, status) => {
    await expect(mock.complete(mockConfig, request, model, signal())).rejects.toMatchObject({ kind, upstreamStatus: status, retryable: true });
    await expect(collect(mock.stream(mockConfig, request, model, signal()))).rejects.toMatchObject({ kind });
  });

  it('waits x-mock-latency-ms per chunk and stops when aborted', async () => {
    const slow = config({ type: 'mock', headers: { 'x-mock-latency-ms': '30' } });
    const controller = new AbortController();
    const chunks: ChatChunk[] = [];
    const started = Date.now();
    const done = (async () => {
      for await (const chunk of mock.stream(slow, request, 'mock-small', controller.signal)) {
        chunks.push(chunk);
        if (chunks.length === 2) controller.abort(new Error('client went away'));
      }
    })();
    await expect(done).rejects.toThrow('client went away');
    expect(chunks).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('embeds deterministically into unit vectors and lists its models', async () => {
    const first = await mock.embed!(mockConfig, { model: 'e', input: ['hello', 'world'] }, 'mock-embed');
    const again = await mock.embed!(mockConfig, { model: 'e', input: 'hello' }, 'mock-embed');
    expect(first.data[0].embedding).toHaveLength(8);
    expect(first.data[0].embedding).toEqual(again.data[0].embedding);
    expect(first.data[0].embedding).not.toEqual(first.data[1].embedding);
    expect(Math.hypot(...first.data[0].embedding)).toBeCloseTo(1, 6);
    expect(first.usage).toEqual({ prompt_tokens: 2, total_tokens: 2 });
    expect(mock.listModels(mockConfig).map((model) => model.id)).toEqual(['mock-small', 'mock-large', 'mock-tool']);
  });

  it('refuses HTTP use: it answers in process only', () => {
    expect(() => mockAdapter.chatRequest(mockConfig, request, 'mock-small')).toThrow(/in process/);
  });
});
