/** The official OpenAI SDK, pointed at our Responses codec through a fake fetch, reads what we produce. */
import OpenAI from 'openai';
import { join } from 'node:path';
import { decodeStream, readFixture } from '../__fixtures__/fixtures';
import { ADAPTERS } from '../adapters';
import { ChunkFactory, usageOf } from '../common/chunks';
import type { ChatChunk, ChatResponse, Usage } from '../unified.types';
import { responsesRequestToUnified } from './request.transform';
import { unifiedResponseToResponses } from './response.transform';
import { ResponsesStreamEncoder } from './stream.encoder';

type Reply = (body: Record<string, unknown>) => { body: string; sse?: boolean };

function client(reply: Reply, seen: unknown[] = []): OpenAI {
  const fetch = async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = JSON.parse(String(init?.body ?? '{}'));
    seen.push(body);
    const answer = reply(body);
    return new Response(answer.body, { headers: { 'content-type': answer.sse ? 'text/event-stream' : 'application/json' } });
  };
  return new OpenAI({ apiKey: 'x', baseURL: 'http://local.test/v1', fetch, maxRetries: 0 });
}

/** The gateway's part: translate what the SDK sent, then encode the upstream chunks back. */
function streaming(chunks: ChatChunk[], usage: Usage): Reply {
  return (body) => {
    const { request } = responsesRequestToUnified(body);
    const encoder = new ResponsesStreamEncoder({ model: request.model, request: body });
    return { body: chunks.map((chunk) => encoder.push(chunk)).join('') + encoder.end(usage), sse: true };
  };
}

const chunks = new ChunkFactory('upstream-model');
const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};

describe('OpenAI SDK against our /v1/responses translation', () => {
  it('reads a non-stream answer: output_text, function calls and usage', async () => {
    const upstream: ChatResponse = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'upstream-model',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Rome is sunny, 24°C.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 87, completion_tokens: 9, total_tokens: 96 },
    };
    const seen: unknown[] = [];
    const render = (body: Record<string, unknown>) => unifiedResponseToResponses(upstream, { model: String(body.model), request: body });
    const openai = client((body) => ({ body: JSON.stringify(render(body)) }), seen);

    const response = await openai.responses.create({ model: 'gpt-public', instructions: 'Be brief.', input: 'Weather in Rome?' });
    expect(response.output_text).toBe('Rome is sunny, 24°C.');
    expect(response.model).toBe('gpt-public');
    expect(response.usage).toMatchObject({ input_tokens: 87, output_tokens: 9, total_tokens: 96 });
    expect(responsesRequestToUnified(seen[0]).request.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Rome?' },
    ]);
  });

  it('accumulates a streamed text answer and yields output_text deltas', async () => {
    const text = [chunks.delta({ role: 'assistant', content: 'Rome is ' }), chunks.delta({ content: 'sunny.' }), chunks.delta({}, 'stop')];
    const openai = client(streaming(text, usageOf(12, 4)));

    const stream = openai.responses.stream({ model: 'gpt-public', input: 'Weather in Rome?' });
    const deltas: string[] = [];
    for await (const event of stream) if (event.type === 'response.output_text.delta') deltas.push(event.delta);
    const response = await stream.finalResponse();
    expect(deltas).toEqual(['Rome is ', 'sunny.']);
    expect(response.output_text).toBe('Rome is sunny.');
    expect(response.status).toBe('completed');
    expect(response.usage).toMatchObject({ input_tokens: 12, output_tokens: 4, total_tokens: 16 });
  });

  it('iterates a create({stream: true}) stream to response.completed', async () => {
    const openai = client(streaming([chunks.delta({ content: 'Hi!' }), chunks.delta({}, 'stop')], usageOf(3, 2)));
    const stream = await openai.responses.create({ model: 'gpt-public', input: 'Hi', stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types[0]).toBe('response.created');
    expect(types).toContain('response.output_text.delta');
    expect(types[types.length - 1]).toBe('response.completed');
  });

  it('accumulates a tool-call stream decoded from a recorded Anthropic upstream', async () => {
    const { chunks: upstream } = decodeStream(ADAPTERS.anthropic, readFixture(join(__dirname, '..', 'anthropic'), 'stream-tool-use.sse'));
    const openai = client(streaming(upstream, usageOf(582, 89)));

    const stream = openai.responses.stream({ model: 'gpt-public', input: 'Weather in Rome?', tools: [weatherTool], tool_choice: 'auto' });
    const argumentDeltas: string[] = [];
    stream.on('response.function_call_arguments.delta', (event) => argumentDeltas.push(event.delta));
    const response = await stream.finalResponse();
    const calls = response.output.filter((item) => item.type === 'function_call');
    expect(response.output_text).toBe('Let me check the weather.');
    const call = { call_id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', arguments: '{"city": "Rome"}' };
    expect(calls).toEqual([expect.objectContaining(call)]);
    expect(calls[0]).toMatchObject({ parsed_arguments: { city: 'Rome' } });
    expect(argumentDeltas.join('')).toBe('{"city": "Rome"}');
    expect(response.usage).toMatchObject({ input_tokens: 582, output_tokens: 89 });
  });

  it('accumulates a reasoning stream into a reasoning item with its summary', async () => {
    const thinking = [
      chunks.delta({ reasoning_content: 'The user wants ' }),
      chunks.delta({ reasoning_content: 'a greeting.' }),
      chunks.delta({ content: 'Hello!' }),
      chunks.delta({}, 'stop'),
    ];
    const usage: Usage = { ...usageOf(10, 30), completion_tokens_details: { reasoning_tokens: 25 } };
    const openai = client(streaming(thinking, usage));

    const stream = openai.responses.stream({ model: 'gpt-public', input: 'Hi', reasoning: { effort: 'low', summary: 'auto' } });
    const summaryDeltas: string[] = [];
    stream.on('response.reasoning_summary_text.delta', (event) => summaryDeltas.push(event.delta));
    const response = await stream.finalResponse();
    expect(summaryDeltas).toEqual(['The user wants ', 'a greeting.']);
    const summary = [{ type: 'summary_text', text: 'The user wants a greeting.' }];
    expect(response.output[0]).toMatchObject({ type: 'reasoning', summary });
    expect(response.output_text).toBe('Hello!');
    expect(response.reasoning).toEqual({ effort: 'low', summary: 'auto' });
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBe(25);
  });

  it('raises our mid-stream failure as an API error with its message', async () => {
    const openai = client(() => {
      const encoder = new ResponsesStreamEncoder({ model: 'gpt-public', request: {} });
      return { body: encoder.push(chunks.delta({ content: 'Rome' })) + encoder.error('server_error', 'Upstream failed'), sse: true };
    });
    const stream = openai.responses.stream({ model: 'gpt-public', input: 'Hi' });
    await expect(stream.finalResponse()).rejects.toThrow(OpenAI.APIError);
    await expect(stream.finalResponse()).rejects.toThrow('Upstream failed');
  });
});
