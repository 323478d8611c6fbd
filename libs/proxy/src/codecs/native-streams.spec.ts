import { getAdapter } from '@gateway/providers';

const openAiAdapter = getAdapter('openai');
const anthropicAdapter = getAdapter('anthropic');
import { hasUsageObject, NativeAnthropicStream, NativeOpenAiChatStream, NativeResponsesStream } from './native-streams';

describe('hasUsageObject (which relayed OpenAI events must be parsed)', () => {
  it('finds a usage object, whatever the spacing, and ignores usage: null', () => {
    expect(hasUsageObject('{"id":"x","choices":[],"usage":{"prompt_tokens":3}}')).toBe(true);
    expect(hasUsageObject('{"choices":[],"usage": \n\t{"prompt_tokens":3}}')).toBe(true);
    expect(hasUsageObject('{"id":"x","choices":[{"delta":{"content":"hi"}}],"usage":null}')).toBe(false);
    expect(hasUsageObject('{"id":"x","choices":[{"delta":{"content":"hi"}}]}')).toBe(false);
  });

  it('looks past a null usage to a later object (e.g. a nested one)', () => {
    expect(hasUsageObject('{"usage":null,"x_groq":{"usage":{"prompt_tokens":1}}}')).toBe(true);
  });

  it('is not fooled by the word inside content (quotes there are escaped)', () => {
    expect(hasUsageObject('{"choices":[{"delta":{"content":"say \\"usage\\": {no}"}}],"usage":null}')).toBe(false);
  });
});


const zero = () => ({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
const chunk = (extra: object) => JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-2024-08-06', ...extra });

describe('native OpenAI chat relay', () => {
  const events = [
    { data: chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }], usage: null }) },
    { data: chunk({ choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }], usage: null }) },
    { data: chunk({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6, prompt_tokens_details: { cached_tokens: 2 } } }) },
    { data: '[DONE]' },
  ];
  const relay = (includeUsage: boolean) => {
    const stream = new NativeOpenAiChatStream('public', includeUsage, openAiAdapter.createStreamDecoder('m'), () => openAiAdapter.createStreamDecoder('m'));
    const out = events.map((e) => stream.push(e)).join('') + stream.end(zero);
    return { stream, out };
  };

  it('names the public model in every chunk and keeps the rest byte for byte', () => {
    const { out } = relay(true);
    expect(out).not.toContain('gpt-4o');
    expect(out).toContain(events[1].data.replace('"gpt-4o-2024-08-06"', '"public"'));
    expect(out.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('reads the usage chunk, and drops it when the caller did not ask for usage', () => {
    const asked = relay(true);
    const notAsked = relay(false);
    expect(asked.stream.usage).toMatchObject({ prompt_tokens: 5, prompt_tokens_details: { cached_tokens: 2 } });
    expect(notAsked.stream.usage).toMatchObject({ prompt_tokens: 5 });
    expect(asked.out).toContain('"prompt_tokens":5');
    expect(notAsked.out).not.toContain('"usage":{');
  });

  it('counts the relayed text when no usage came', () => {
    const stream = new NativeOpenAiChatStream('public', true, openAiAdapter.createStreamDecoder('m'), () => openAiAdapter.createStreamDecoder('m'));
    stream.push(events[1]);
    stream.push(events[3]);
    expect(stream.completionText()).toBe('Hi');
    const out = stream.end(() => ({ prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }));
    expect(out).toContain('"usage":{"prompt_tokens":1');
  });
});

describe('native Anthropic relay', () => {
  it('renames the model in message_start only and reads usage from message_start and message_delta', () => {
    const stream = new NativeAnthropicStream('public', anthropicAdapter.createStreamDecoder('m'));
    const start = { event: 'message_start', data: JSON.stringify({ type: 'message_start', message: { id: 'msg_1', model: 'claude-sonnet-4-5', content: [], usage: { input_tokens: 10, cache_read_input_tokens: 100, output_tokens: 1 } } }) };
    const delta = { event: 'content_block_delta', data: '{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hmm"}}' };
    const end = [
      { event: 'message_delta', data: '{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":7}}' },
      { event: 'message_stop', data: '{"type":"message_stop"}' },
    ];
    const out = [start, delta, ...end].map((e) => stream.push(e)).join('');
    expect(out).toContain('"model":"public"');
    expect(out).not.toContain('claude-sonnet');
    expect(out).toContain(`event: content_block_delta\ndata: ${delta.data}\n\n`);
    expect(stream.finished).toBe(true);
    expect(stream.usage).toMatchObject({ prompt_tokens: 110, completion_tokens: 7 });
    expect(stream.completionText()).toBe('hmm');
  });
});

describe('native Responses relay', () => {
  it('renames the model in lifecycle events and takes usage from response.completed', () => {
    const stream = new NativeResponsesStream('public');
    const created = { event: 'response.created', data: '{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","model":"gpt-5","output":[]}}' };
    const delta = { event: 'response.output_text.delta', data: '{"type":"response.output_text.delta","delta":"Hi","sequence_number":1}' };
    const done = { event: 'response.completed', data: '{"type":"response.completed","response":{"model":"gpt-5","usage":{"input_tokens":3,"output_tokens":2,"total_tokens":5}}}' };
    const out = [created, delta, done].map((e) => stream.push(e)).join('');
    expect(out).not.toContain('gpt-5');
    expect(stream.finished).toBe(true);
    expect(stream.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 2 });
    expect(stream.completionText()).toBe('Hi');
  });

  it('throws on an error event (failover before the first byte, error event after)', () => {
    const stream = new NativeResponsesStream('public');
    expect(() => stream.push({ event: 'error', data: '{"type":"error","message":"boom"}' })).toThrow('boom');
  });
});
