import { accumulate, accumulateAnthropic, config, decodeStream, readFixture, readJson, SHARED } from '../__fixtures__/fixtures';
import { ChunkFactory } from '../common/chunks';
import type { ChatMessage, ChatRequest, ChatResponse } from '../unified.types';
import { anthropicAdapter } from './anthropic.adapter';
import { AnthropicStreamEncoder } from './anthropic-stream.encoder';
import type { AnthropicRequest } from './anthropic.types';
import { anthropicRequestToUnified, unifiedResponseToAnthropic } from './inbound.transform';

const anthropicConfig = config({ type: 'anthropic' });
const ask = { model: 'm', messages: [{ role: 'user', content: 'Weather in Rome?' }] } as ChatRequest;
function translate(request: ChatRequest) {
  const upstream = anthropicAdapter.chatRequest(anthropicConfig, request, 'claude-sonnet-4-5');
  return { body: JSON.parse(upstream.body ?? '{}'), ignored: upstream.ignored };
}

describe('Anthropic thinking: unified request -> Anthropic', () => {
  it.each([
    ['minimal', 1024, 5120],
    ['low', 2048, 6144],
    ['medium', 8192, 12288],
    ['high', 24576, 28672],
    ['xhigh', 32000, 36096],
  ] as const)('maps reasoning_effort %s to a %i-token budget and max_tokens %i when the caller gave none', (effort, budget, maxTokens) => {
    const { body, ignored } = translate({ ...ask, reasoning_effort: effort });
    expect(body).toMatchObject({ thinking: { type: 'enabled', budget_tokens: budget }, max_tokens: maxTokens });
    expect(ignored).toEqual([]);
  });

  it('sends no thinking for reasoning_effort none', () => {
    const { body, ignored } = translate({ ...ask, reasoning_effort: 'none' });
    expect(body.thinking).toBeUndefined();
    expect(body.max_tokens).toBe(4096);
    expect(ignored).toEqual([]);
  });

  it('prefers an exact thinking_budget, at least 1024 and below the caller max_tokens', () => {
    expect(translate({ ...ask, thinking_budget: 10000, reasoning_effort: 'medium', max_tokens: 16000 }).body).toMatchObject({ thinking: { budget_tokens: 10000 }, max_tokens: 16000 });
    expect(translate({ ...ask, reasoning_effort: 'high', max_tokens: 5000 }).body).toMatchObject({ thinking: { budget_tokens: 4999 }, max_tokens: 5000 });
    expect(translate({ ...ask, thinking_budget: 500 }).body).toMatchObject({ thinking: { budget_tokens: 1024 }, max_tokens: 5120 });
  });

  it('drops thinking when max_tokens cannot hold a 1024-token budget, and reports what asked for it', () => {
    const { body, ignored } = translate({ ...ask, reasoning_effort: 'high', thinking_budget: 20000, max_completion_tokens: 1024 });
    expect(body.thinking).toBeUndefined();
    expect(body.max_tokens).toBe(1024);
    expect(ignored).toEqual(['reasoning_effort', 'thinking_budget']);
  });

  it('drops temperature, top_k, low top_p and a forced tool choice with thinking on, and reports them', () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object' } } }];
    const request: ChatRequest = { ...ask, reasoning_effort: 'low', temperature: 0.5, top_k: 40, top_p: 0.5, tools, tool_choice: 'required', parallel_tool_calls: false };
    const { body, ignored } = translate(request);
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('top_k');
    expect(body).not.toHaveProperty('top_p');
    expect(body.tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(ignored?.sort()).toEqual(['temperature', 'tool_choice', 'top_k', 'top_p']);
    const allowed = translate({ ...ask, reasoning_effort: 'low', temperature: 1, top_p: 0.97 });
    expect(allowed.body).toMatchObject({ temperature: 1, top_p: 0.97 });
    expect(allowed.ignored).toEqual([]);
  });

  it('replays signed thinking and redacted blocks first in the assistant turn; unsigned reasoning is output only', () => {
    const assistant: ChatMessage = {
      role: 'assistant',
      content: 'Checking.',
      reasoning_content: 'I should look up Rome.',
      thinking_blocks: [
        { type: 'thinking', thinking: 'I should look up Rome.', signature: 'EqQBsig' },
        { type: 'redacted_thinking', data: 'EmwKAhgB' },
        { type: 'thinking', thinking: 'unsigned, from another provider' },
      ],
      tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } }],
    };
    const request: ChatRequest = { ...ask, reasoning_effort: 'medium', messages: [...ask.messages, assistant, { role: 'tool', tool_call_id: 'toolu_1', content: '24C' }] };
    const { body, ignored } = translate(request);
    expect(body.messages[1].content).toEqual([
      { type: 'thinking', thinking: 'I should look up Rome.', signature: 'EqQBsig' },
      { type: 'redacted_thinking', data: 'EmwKAhgB' },
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Rome' } },
    ]);
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 8192 });
    expect(ignored).toEqual([]);
  });

  it('turns thinking off (reported) inside a tool loop whose last assistant turn carries no signed thinking', () => {
    const call = { id: 'call_1', type: 'function' as const, function: { name: 'get_weather', arguments: '{}' } };
    const messages: ChatMessage[] = [...ask.messages, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: 'call_1', content: '24C' }];
    const { body, ignored } = translate({ ...ask, messages, reasoning_effort: 'high' });
    expect(body.thinking).toBeUndefined();
    expect(ignored).toEqual(['reasoning_effort']);
    // A new user turn after the loop may think again.
    expect(translate({ ...ask, messages: [...messages, { role: 'assistant', content: 'Sunny.' }, { role: 'user', content: 'And Oslo?' }], reasoning_effort: 'high' }).body.thinking).toBeDefined();
  });
});

describe('Anthropic thinking: answers -> unified', () => {
  it('keeps thinking and redacted blocks whole and in order, and their text as reasoning_content', () => {
    const response = anthropicAdapter.parseChatResponse(readJson(__dirname, 'response-redacted-thinking.json'), 'c');
    expect(response.choices[0].message).toEqual({
      role: 'assistant',
      content: 'Rome is sunny, 24°C.',
      reasoning_content: 'Checking the forecast for Rome.',
      thinking_blocks: [
        { type: 'thinking', thinking: 'Checking the forecast for Rome.', signature: 'EqQBCgIYAhIMfirst' },
        { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB5URj' },
      ],
    });
    expect(response.usage).toEqual({ prompt_tokens: 352, completion_tokens: 48, total_tokens: 400, prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 300 } });
  });

  it('decodes thinking_delta as reasoning_content and signature_delta as a signed block, then the text', () => {
    const { chunks } = decodeStream(anthropicAdapter, readFixture(__dirname, 'stream-thinking.sse'));
    const result = accumulate(chunks);
    expect(result.reasoning).toBe('The user asks about Rome. The forecast says sunny, 24°C.');
    expect(result.thinkingBlocks).toEqual([{ type: 'thinking', thinking: '', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' }]);
    expect(result.text).toBe('Rome is sunny, 24°C.');
    expect(result.usage).toEqual({ prompt_tokens: 1240, completion_tokens: 62, total_tokens: 1302, prompt_tokens_details: { cached_tokens: 1200, cache_creation_tokens: 0 } });
  });

  it('decodes a redacted_thinking block into a thinking_blocks delta', () => {
    const result = accumulate(decodeStream(anthropicAdapter, readFixture(__dirname, 'stream-redacted-thinking.sse')).chunks);
    expect(result.thinkingBlocks).toEqual([{ type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB5URj' }]);
    expect(result.reasoning).toBe('');
    expect(result.text).toBe('Rome is sunny, 24°C.');
  });
});

describe('Anthropic thinking: Anthropic-format callers', () => {
  it.each([
    [{ type: 'enabled', budget_tokens: 2000 }, { reasoning_effort: 'low', thinking_budget: 2000 }],
    [{ type: 'enabled', budget_tokens: 10000 }, { reasoning_effort: 'medium', thinking_budget: 10000 }],
    [{ type: 'enabled', budget_tokens: 16384 }, { reasoning_effort: 'high', thinking_budget: 16384 }],
    [{ type: 'adaptive' }, { reasoning_effort: 'medium' }],
    [{ type: 'disabled' }, {}],
  ] as const)('maps thinking %j to %j', (thinking, expected) => {
    const { request } = anthropicRequestToUnified({ model: 'm', max_tokens: 32000, messages: [{ role: 'user', content: 'Hi' }], thinking });
    expect({ reasoning_effort: request.reasoning_effort, thinking_budget: request.thinking_budget }).toEqual({ reasoning_effort: undefined, thinking_budget: undefined, ...expected });
  });

  it('carries history thinking and redacted blocks in order, their text as reasoning_content', () => {
    const { request } = anthropicRequestToUnified(readJson<AnthropicRequest>(SHARED, 'anthropic-request-thinking.json'));
    expect(request.messages[2]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } }],
      reasoning_content: 'I should look up Rome.',
      thinking_blocks: [
        { type: 'thinking', thinking: 'I should look up Rome.', signature: 'EqQBCgIYAhIMsig1' },
        { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' },
      ],
    });
    expect(request).toMatchObject({ reasoning_effort: 'medium', thinking_budget: 10000, parallel_tool_calls: false, tool_choice: 'auto' });
  });

  const answer = (message: ChatResponse['choices'][number]['message']): ChatResponse => ({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'deepseek-reasoner',
    choices: [{ index: 0, message, finish_reason: 'stop' }],
  });

  it('puts reasoning_content first as an unsigned thinking block, and thinking_blocks whole with their signatures', () => {
    const plain = unifiedResponseToAnthropic(answer({ role: 'assistant', content: 'Sunny.', reasoning_content: 'Look it up.' }), 'claude-public');
    expect(plain.content).toEqual([
      { type: 'thinking', thinking: 'Look it up.', signature: '' },
      { type: 'text', text: 'Sunny.' },
    ]);
    const blocks = [{ type: 'thinking' as const, thinking: 'Look it up.', signature: 'sig' }, { type: 'redacted_thinking' as const, data: 'xyz' }];
    const signed = unifiedResponseToAnthropic(answer({ role: 'assistant', content: 'Sunny.', reasoning_content: 'Look it up.', thinking_blocks: blocks }), 'claude-public');
    expect(signed.content).toEqual([...blocks, { type: 'text', text: 'Sunny.' }]);
  });

  it('streams a thinking block (deltas, then the signature) before the text', () => {
    const chunks = new ChunkFactory('m');
    const encoder = new AnthropicStreamEncoder('claude-public', 'msg_t');
    let sse = encoder.push(chunks.delta({ role: 'assistant', content: '' }));
    sse += encoder.push(chunks.delta({ reasoning_content: 'Look ' }));
    sse += encoder.push(chunks.delta({ reasoning_content: 'it up.' }));
    sse += encoder.push(chunks.delta({ thinking_blocks: [{ type: 'thinking', thinking: '', signature: 'sig' }] }));
    sse += encoder.push(chunks.delta({ thinking_blocks: [{ type: 'redacted_thinking', data: 'xyz' }] }));
    sse += encoder.push(chunks.delta({ content: 'Sunny.' }, 'stop'));
    const message = accumulateAnthropic(sse + encoder.end());
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Look it up.', signature: 'sig' },
      { type: 'redacted_thinking', data: 'xyz' },
      { type: 'text', text: 'Sunny.' },
    ]);
    expect(message.eventTypes.slice(0, 6)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_stop']);
  });

  it('streams reasoning without a signature as a thinking block signed with an empty string', () => {
    const { chunks } = decodeStream(anthropicAdapter, readFixture(__dirname, 'stream-thinking.sse'));
    const unsigned = chunks.filter((chunk) => !chunk.choices[0]?.delta.thinking_blocks);
    const encoder = new AnthropicStreamEncoder('claude-public');
    const message = accumulateAnthropic(unsigned.map((chunk) => encoder.push(chunk)).join('') + encoder.end());
    expect(message.content[0]).toEqual({ type: 'thinking', thinking: 'The user asks about Rome. The forecast says sunny, 24°C.', signature: '' });
    expect(message.usage).toEqual({ input_tokens: 40, cache_creation_input_tokens: 0, cache_read_input_tokens: 1200, output_tokens: 62 });
  });
});
