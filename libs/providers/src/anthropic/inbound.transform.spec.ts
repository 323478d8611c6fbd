import { readJson, SHARED } from '../__fixtures__/fixtures';
import type { ChatResponse } from '../unified.types';
import type { AnthropicRequest } from './anthropic.types';
import { anthropicRequestToUnified, unifiedResponseToAnthropic } from './inbound.transform';

const inbound = () => readJson<AnthropicRequest>(SHARED, 'anthropic-request.json');
const toUnified = (body: AnthropicRequest) => anthropicRequestToUnified(body).request;

describe('anthropicRequestToUnified', () => {
  it('maps system blocks, images, tool use, tool results and trailing text into OpenAI messages', () => {
    const request = toUnified(inbound());
    expect(request.messages).toEqual([
      { role: 'system', content: 'You are a weather bot.\nBe brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather in Paris?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        ],
      },
      { role: 'assistant', content: 'Let me check.', tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'toolu_1', content: '18C cloudy' },
      { role: 'user', content: 'And Rome?' },
    ]);
  });

  it('maps tools (client tools only), tool_choice, stop sequences, sampling, top_k, stream and user', () => {
    const request = toUnified(inbound());
    expect(request.tools).toEqual([
      { type: 'function', function: { name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
    ]);
    expect(request).toMatchObject({ model: 'claude-public', tool_choice: 'required', stop: ['END'], max_tokens: 512, temperature: 0.3, top_p: 0.8, stream: true, user: 'user-42' });
    expect(request.top_k).toBe(40);
  });

  it('accepts a string system and string contents, and maps tool choices', () => {
    const request = toUnified({
      model: 'm',
      max_tokens: 50,
      system: 'Be nice.',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'plain result' }] },
      ],
      tools: [{ name: 'lookup', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'lookup', disable_parallel_tool_use: true },
    });
    expect(request.messages).toEqual([
      { role: 'system', content: 'Be nice.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'tool', tool_call_id: 't1', content: 'plain result' },
    ]);
    expect(request.tool_choice).toEqual({ type: 'function', function: { name: 'lookup' } });
    expect(request.parallel_tool_calls).toBe(false);
    expect(request.stream).toBeUndefined();
  });

  it('rejects a body without messages as an invalid request', () => {
    expect(() => toUnified({ model: 'm', max_tokens: 1 } as AnthropicRequest)).toThrow(expect.objectContaining({ kind: 'invalid_request' }));
  });
});

describe('unifiedResponseToAnthropic', () => {
  const response = (message: ChatResponse['choices'][0]['message'], finish: ChatResponse['choices'][0]['finish_reason']): ChatResponse => ({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message, finish_reason: finish }],
    usage: { prompt_tokens: 30, completion_tokens: 12, total_tokens: 42 },
  });

  it('maps text, stop reason and usage, under the model name the caller asked for', () => {
    const message = unifiedResponseToAnthropic(response({ role: 'assistant', content: 'Rome is sunny.' }, 'stop'), 'claude-public');
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-public',
      content: [{ type: 'text', text: 'Rome is sunny.' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 30, output_tokens: 12 },
    });
    expect(message.id).toMatch(/^msg_/);
  });

  it('maps tool calls to tool_use blocks with parsed input', () => {
    const calls = [{ id: 'call_9', type: 'function' as const, function: { name: 'get_weather', arguments: '{"city":"Rome"}' } }];
    const message = unifiedResponseToAnthropic(response({ role: 'assistant', content: 'Checking.', tool_calls: calls }, 'tool_calls'), 'claude-public');
    expect(message.content).toEqual([
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'call_9', name: 'get_weather', input: { city: 'Rome' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it.each([
    ['length', 'max_tokens'],
    ['content_filter', 'refusal'],
  ] as const)('maps finish_reason %s to stop_reason %s', (finish, stop) => {
    expect(unifiedResponseToAnthropic(response({ role: 'assistant', content: 'x' }, finish), 'c').stop_reason).toBe(stop);
  });
});

describe('what Claude Code sends', () => {
  const body = {
    model: 'demo',
    max_tokens: 32000,
    system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Say hello' }] },
      { role: 'system', content: 'Available agent types: claude, Explore.' },
    ],
    thinking: { type: 'adaptive' },
    output_config: { effort: 'high' },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
  } as unknown as AnthropicRequest;

  it('keeps system messages inside the conversation where they are, as system messages', () => {
    const { request } = anthropicRequestToUnified(body);
    expect(request.messages.map((m) => m.role)).toEqual(['system', 'user', 'system']);
    expect(request.messages[2].content).toBe('Available agent types: claude, Explore.');
  });

  it('takes adaptive thinking at the effort of output_config, and reports what does not translate', () => {
    const { request, ignored } = anthropicRequestToUnified(body);
    expect(request.reasoning_effort).toBe('high');
    expect(ignored).toEqual(expect.arrayContaining(['context_management', 'cache_control']));
    expect(ignored).not.toContain('output_config');
  });
});
