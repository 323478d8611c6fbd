import { sseEvents } from '../__fixtures__/fixtures';
import { ChunkFactory, usageOf } from '../common/chunks';
import { decodeThinkingBlocks } from './reasoning.codec';
import { ResponsesStreamEncoder } from './stream.encoder';

type Event = Record<string, any>;

/** Parsed events; checks each frame's `event:` matches its type and sequence numbers count up from 0. */
function events(sse: string): Event[] {
  return sseEvents(sse).map(({ event, data }, index) => {
    const parsed = JSON.parse(data);
    expect(parsed.type).toBe(event);
    expect(parsed.sequence_number).toBe(index);
    return parsed;
  });
}

describe('ResponsesStreamEncoder', () => {
  const chunks = new ChunkFactory('upstream-model');
  const request = { model: 'gpt-public', input: 'Hi', stream: true };

  it('streams a text answer as the API does', () => {
    const encoder = new ResponsesStreamEncoder({ model: 'gpt-public', request, id: 'resp_1' });
    let sse = encoder.push(chunks.delta({ role: 'assistant', content: '' }));
    sse += encoder.push(chunks.delta({ content: 'Hello' }));
    sse += encoder.push(chunks.delta({ content: ' world' }));
    sse += encoder.push(chunks.delta({}, 'stop'));
    sse += encoder.end(usageOf(11, 2));
    const list = events(sse);
    expect(list.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(list[0].response).toMatchObject({ id: 'resp_1', status: 'in_progress', output: [], model: 'gpt-public', usage: null });
    const itemId = list[2].item.id;
    expect(list[2]).toMatchObject({ output_index: 0, item: { type: 'message', status: 'in_progress', role: 'assistant', content: [] } });
    const ids = { item_id: itemId, output_index: 0, content_index: 0 };
    expect(list[4]).toEqual({ type: 'response.output_text.delta', ...ids, delta: 'Hello', logprobs: [], sequence_number: 4 });
    expect(list[6]).toMatchObject({ item_id: itemId, text: 'Hello world' });
    const usage = { input_tokens: 11, output_tokens: 2, total_tokens: 13 };
    expect(list[9].response).toMatchObject({ id: 'resp_1', status: 'completed', usage });
    expect(list[9].response.output).toEqual([list[8].item]);
    expect(sse).not.toContain('upstream-model');
  });

  it('gives reasoning, text and each tool call their own output item', () => {
    const encoder = new ResponsesStreamEncoder({ model: 'gpt-public', request });
    let sse = encoder.push(chunks.delta({ reasoning_content: 'Need ' }));
    sse += encoder.push(chunks.delta({ reasoning_content: 'tools.' }));
    sse += encoder.push(chunks.delta({ content: 'Checking.' }));
    sse += encoder.push(chunks.delta({ tool_calls: [{ index: 0, id: 'call_a', function: { name: 'get_weather', arguments: '' } }] }));
    sse += encoder.push(chunks.delta({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }));
    sse += encoder.push(chunks.delta({ tool_calls: [{ index: 0, function: { arguments: '"Rome"}' } }] }));
    sse += encoder.push(chunks.delta({ tool_calls: [{ index: 1, id: 'call_b', function: { name: 'get_time', arguments: '{}' } }] }));
    sse += encoder.push(chunks.delta({}, 'tool_calls'));
    sse += encoder.end(usageOf(20, 9));
    const list = events(sse);
    const types = list.map((event) => event.type);
    expect(types.slice(2, 9)).toEqual([
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
    ]);
    expect(list.filter((event) => event.type === 'response.function_call_arguments.done')).toMatchObject([
      { output_index: 2, arguments: '{"city":"Rome"}', name: 'get_weather' },
      { output_index: 3, arguments: '{}', name: 'get_time' },
    ]);
    const final = list[list.length - 1].response;
    expect(final.output.map((item: Event) => item.type)).toEqual(['reasoning', 'message', 'function_call', 'function_call']);
    expect(final.output[0].summary).toEqual([{ type: 'summary_text', text: 'Need tools.' }]);
    expect(final.output[2]).toMatchObject({ call_id: 'call_a', status: 'completed' });
  });

  it('closes a call that streamed no arguments with {}', () => {
    const encoder = new ResponsesStreamEncoder({ model: 'gpt-public', request });
    const call = { index: 0, id: 'call_a', function: { name: 'now' } };
    const list = events(encoder.push(chunks.delta({ tool_calls: [call] })) + encoder.end(usageOf(1, 1)));
    expect(list.find((event) => event.type === 'response.function_call_arguments.done')).toMatchObject({ arguments: '{}', name: 'now' });
    expect(list[list.length - 1].response.output[0].arguments).toBe('{}');
  });

  it('ends a cut-off answer with response.incomplete', () => {
    const encoder = new ResponsesStreamEncoder({ model: 'gpt-public', request });
    const sse = encoder.push(chunks.delta({ content: 'Rome is' })) + encoder.push(chunks.delta({}, 'length')) + encoder.end(usageOf(5, 3));
    const list = events(sse);
    const last = list[list.length - 1];
    expect(last.type).toBe('response.incomplete');
    expect(last.response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    expect(last.response.output[0].status).toBe('incomplete');
  });

  it('keeps signed thinking blocks for encrypted_content when asked', () => {
    const encoder = new ResponsesStreamEncoder({ model: 'gpt-public', request: { ...request, include: ['reasoning.encrypted_content'] } });
    let sse = encoder.push(chunks.delta({ reasoning_content: 'Hmm.' }));
    sse += encoder.push(chunks.delta({ thinking_blocks: [{ type: 'thinking', thinking: '', signature: 'sig' }] }));
    sse += encoder.push(chunks.delta({ content: 'Done.' }));
    sse += encoder.end(usageOf(1, 1));
    const done = events(sse).find((event) => event.type === 'response.output_item.done');
    expect(decodeThinkingBlocks(done?.item.encrypted_content)).toEqual([{ type: 'thinking', thinking: 'Hmm.', signature: 'sig' }]);
  });

  it('fails with response.failed and an error event, and emits nothing after', () => {
    const encoder = new ResponsesStreamEncoder({ model: 'gpt-public', request });
    const list = events(encoder.push(chunks.delta({ content: 'Hi' })) + encoder.error('server_error', 'Upstream failed'));
    expect(list.slice(-2)).toMatchObject([
      { type: 'response.failed', response: { status: 'failed', error: { code: 'server_error', message: 'Upstream failed' } } },
      {
        type: 'error',
        code: 'server_error',
        message: 'Upstream failed',
        param: null,
        error: { type: 'server_error', code: 'server_error', message: 'Upstream failed', param: null },
      },
    ]);
    expect(encoder.end(usageOf(1, 1))).toBe('');
    expect(encoder.push(chunks.delta({ content: 'more' }))).toBe('');
  });

  it('starts the stream even when the first thing to send is the end', () => {
    const list = events(new ResponsesStreamEncoder({ model: 'gpt-public', request }).end(usageOf(1, 0)));
    expect(list.map((event) => event.type)).toEqual(['response.created', 'response.in_progress', 'response.completed']);
  });
});
