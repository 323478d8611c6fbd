import { sseEvents } from '../__fixtures__/fixtures';
import { anthropicAdapter } from './anthropic.adapter';
import { usageFromAnthropic } from './anthropic.mapping';

const start = (usage: object) => `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], usage } })}\n\n`;
const delta = (usage: object) => `event: message_delta\ndata: ${JSON.stringify({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage })}\n\n`;
const stop = 'event: message_stop\ndata: {"type":"message_stop"}\n\n';

describe('Anthropic usage, normalised', () => {
  it('counts cache reads and writes (outside input_tokens) as prompt tokens and in the details, one-hour writes apart', () => {
    const usage = usageFromAnthropic({
      input_tokens: 50,
      cache_read_input_tokens: 1000,
      cache_creation_input_tokens: 200,
      cache_creation: { ephemeral_5m_input_tokens: 120, ephemeral_1h_input_tokens: 80 },
      output_tokens: 20,
    });
    expect(usage).toEqual({
      prompt_tokens: 1250,
      completion_tokens: 20,
      total_tokens: 1270,
      prompt_tokens_details: { cached_tokens: 1000, cache_creation_tokens: 200, cache_creation_1h_tokens: 80 },
    });
  });

  it('reports no details when Anthropic reports no cache fields', () => {
    expect(usageFromAnthropic({ input_tokens: 5, output_tokens: 2 })).toEqual({ prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 });
  });

  it('joins a stream usage split over message_start (input, cache) and message_delta (output)', () => {
    const decoder = anthropicAdapter.createStreamDecoder('claude-sonnet-4-5');
    const text = start({ input_tokens: 50, cache_read_input_tokens: 1000, cache_creation_input_tokens: 200, cache_creation: { ephemeral_1h_input_tokens: 200 }, output_tokens: 1 }) + delta({ output_tokens: 20 }) + stop;
    const chunks = sseEvents(text).flatMap((event) => decoder.push(event));
    const usage = chunks.find((chunk) => chunk.usage)?.usage;
    expect(usage).toMatchObject({ prompt_tokens: 1250, completion_tokens: 20, prompt_tokens_details: { cached_tokens: 1000, cache_creation_tokens: 200, cache_creation_1h_tokens: 200 } });
  });

  it('takes the final counts when message_delta repeats them (newer API versions)', () => {
    const decoder = anthropicAdapter.createStreamDecoder('claude-sonnet-4-5');
    const text = start({ input_tokens: 10, output_tokens: 1 }) + delta({ input_tokens: 10, cache_read_input_tokens: 300, output_tokens: 7 }) + stop;
    const usage = sseEvents(text).flatMap((event) => decoder.push(event)).find((chunk) => chunk.usage)?.usage;
    expect(usage).toMatchObject({ prompt_tokens: 310, completion_tokens: 7, prompt_tokens_details: { cached_tokens: 300 } });
  });
});
