import { accumulateAnthropic, sseEvents } from '../__fixtures__/fixtures';
import { ChunkFactory } from '../common/chunks';
import { AnthropicStreamEncoder } from './anthropic-stream.encoder';

describe('AnthropicStreamEncoder', () => {
  const chunks = new ChunkFactory('gpt-4o-mini');

  it('emits message_start, a text block, message_delta with usage and message_stop', () => {
    const encoder = new AnthropicStreamEncoder('claude-public', 'msg_test');
    let sse = encoder.push(chunks.delta({ role: 'assistant', content: '' }));
    sse += encoder.push(chunks.delta({ content: 'Hello' }));
    sse += encoder.push(chunks.delta({ content: ' world' }));
    sse += encoder.push(chunks.delta({}, 'stop'));
    sse += encoder.push(chunks.usage({ prompt_tokens: 11, completion_tokens: 2, total_tokens: 13 }));
    sse += encoder.end();

    const message = accumulateAnthropic(sse);
    expect(message.eventTypes).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(message).toMatchObject({ id: 'msg_test', model: 'claude-public', stop_reason: 'end_turn', usage: { input_tokens: 11, output_tokens: 2 } });
    expect(message.content).toEqual([{ type: 'text', text: 'Hello world' }]);
    expect(sse.startsWith('event: message_start\ndata: {')).toBe(true);
    expect(sse.endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n')).toBe(true);
  });

  it('gives text and each tool call their own block index, with input JSON deltas', () => {
    const encoder = new AnthropicStreamEncoder('claude-public');
    let sse = encoder.push(chunks.delta({ content: 'Checking.' }));
    sse += encoder.push(chunks.delta({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] }));
    sse += encoder.push(chunks.delta({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }));
    sse += encoder.push(chunks.delta({ tool_calls: [{ index: 0, function: { arguments: '"Rome"}' } }] }));
    sse += encoder.push(chunks.delta({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } }] }));
    sse += encoder.push(chunks.delta({}, 'tool_calls'));
    sse += encoder.end({ prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 });

    const message = accumulateAnthropic(sse);
    expect(message.content).toEqual([
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { city: 'Rome' } },
      { type: 'tool_use', id: 'call_b', name: 'get_time', input: {} },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toEqual({ input_tokens: 50, output_tokens: 20 });
    const starts = sseEvents(sse).filter((event) => event.event === 'content_block_start').map((event) => JSON.parse(event.data).index);
    expect(starts).toEqual([0, 1, 2]);
  });

  it('end() alone still produces a complete, empty message; a second end() adds nothing', () => {
    const encoder = new AnthropicStreamEncoder('claude-public');
    const sse = encoder.end();
    expect(accumulateAnthropic(sse).eventTypes).toEqual(['message_start', 'message_delta', 'message_stop']);
    expect(encoder.end()).toBe('');
  });

  it('maps length to max_tokens', () => {
    const encoder = new AnthropicStreamEncoder('c');
    const sse = encoder.push(chunks.delta({ content: 'Rome' }, 'length')) + encoder.end();
    expect(accumulateAnthropic(sse).stop_reason).toBe('max_tokens');
  });

  it('frames an error as Anthropic does and ignores chunks after it', () => {
    const encoder = new AnthropicStreamEncoder('c');
    encoder.push(chunks.delta({ content: 'Rome' }));
    expect(encoder.error('overloaded_error', 'Overloaded')).toBe('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n');
    expect(encoder.push(chunks.delta({ content: 'more' }))).toBe('');
    expect(encoder.end()).toBe('');
  });
});
