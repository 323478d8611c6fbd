/** The official SDKs, pointed at our encoders through a fake fetch, read what we produce. */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { join } from 'node:path';
import { decodeStream, readFixture, readJson } from './__fixtures__/fixtures';
import { anthropicErrorType } from './anthropic/anthropic-errors';
import { AnthropicStreamEncoder } from './anthropic/anthropic-stream.encoder';
import { anthropicRequestToUnified, unifiedResponseToAnthropic } from './anthropic/inbound.transform';
import { ADAPTERS } from './adapters';
import { encodeOpenAiChunk, encodeOpenAiStreamError, OPENAI_STREAM_DONE } from './openai/openai.encoder';
import { openAiErrorBody } from './openai/openai-errors';

type Fetch = (url: string | URL | Request, init?: RequestInit) => Promise<Response>;

function fakeFetch(reply: (body: unknown) => { status?: number; body: string; sse?: boolean }, seen: unknown[] = []): Fetch {
  return async (_url, init) => {
    const body = JSON.parse(String(init?.body ?? '{}'));
    seen.push(body);
    const answer = reply(body);
    const contentType = answer.sse ? 'text/event-stream' : 'application/json';
    return new Response(answer.body, { status: answer.status ?? 200, headers: { 'content-type': contentType } });
  };
}

const fixture = (provider: string, name: string) => readFixture(join(__dirname, provider), name);

describe('Anthropic SDK against our /v1/messages translation', () => {
  it('sends a request we translate, and reads our non-stream answer', async () => {
    const seen: unknown[] = [];
    const upstream = ADAPTERS.openai.parseChatResponse(readJson(join(__dirname, 'openai'), 'response-text.json'), 'gpt-4o-mini');
    const fetch = fakeFetch(() => ({ body: JSON.stringify(unifiedResponseToAnthropic(upstream, 'claude-public')) }), seen);
    const client = new Anthropic({ apiKey: 'gw-test', baseURL: 'http://gateway.test', fetch, maxRetries: 0 });

    const message = await client.messages.create({ model: 'claude-public', max_tokens: 100, system: 'Be brief.', messages: [{ role: 'user', content: 'Weather in Rome?' }] });
    expect(message.content).toEqual([{ type: 'text', text: 'Rome is sunny, 24°C.' }]);
    expect(message.usage).toMatchObject({ input_tokens: 87, output_tokens: 9 });
    expect(anthropicRequestToUnified(seen[0] as never).request.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Rome?' },
    ]);
  });

  it('accumulates our stream of an OpenAI upstream with parallel tool calls', async () => {
    const { chunks } = decodeStream(ADAPTERS.openai, fixture('openai', 'stream-tools.sse'));
    const encoder = new AnthropicStreamEncoder('claude-public');
    const sse = chunks.map((chunk) => encoder.push(chunk)).join('') + encoder.end();
    const client = new Anthropic({ apiKey: 'gw-test', baseURL: 'http://gateway.test', fetch: fakeFetch(() => ({ body: sse, sse: true })), maxRetries: 0 });

    const message = await client.messages.stream({ model: 'claude-public', max_tokens: 100, messages: [{ role: 'user', content: 'Rome and Oslo?' }] }).finalMessage();
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'call_rome', name: 'get_weather', input: { city: 'Rome' } },
      { type: 'tool_use', id: 'call_oslo', name: 'get_weather', input: { city: 'Oslo' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 120, output_tokens: 46 });
  });

  it('raises our mid-stream error frame as an API error', async () => {
    const encoder = new AnthropicStreamEncoder('claude-public');
    const { chunks } = decodeStream(ADAPTERS.gemini, fixture('gemini', 'stream-text.sse'));
    const sse = encoder.push(chunks[0]) + encoder.push(chunks[1]) + encoder.error(anthropicErrorType('overloaded'), 'Upstream overloaded');
    const client = new Anthropic({ apiKey: 'gw-test', baseURL: 'http://gateway.test', fetch: fakeFetch(() => ({ body: sse, sse: true })), maxRetries: 0 });
    const stream = client.messages.stream({ model: 'claude-public', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
    await expect(stream.finalMessage()).rejects.toThrow(/overloaded_error|Upstream overloaded/);
  });
});

describe('OpenAI SDK against our /v1/chat/completions translation', () => {
  it('accumulates our stream of an Anthropic upstream with text and a tool call', async () => {
    const { chunks } = decodeStream(ADAPTERS.anthropic, fixture('anthropic', 'stream-tool-use.sse'));
    const sse = chunks.map(encodeOpenAiChunk).join('') + OPENAI_STREAM_DONE;
    const client = new OpenAI({ apiKey: 'gw-test', baseURL: 'http://gateway.test/v1', fetch: fakeFetch(() => ({ body: sse, sse: true })), maxRetries: 0 });

    const completion = await client.chat.completions
      .stream({ model: 'gpt-public', messages: [{ role: 'user', content: 'Weather in Rome?' }], stream_options: { include_usage: true } })
      .finalChatCompletion();
    expect(completion.choices[0].message.content).toBe('Let me check the weather.');
    expect(completion.choices[0].message.tool_calls).toEqual([
      { id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Rome"}' } },
    ]);
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(completion.usage).toEqual({ prompt_tokens: 582, completion_tokens: 89, total_tokens: 671, prompt_tokens_details: { cached_tokens: 100, cache_creation_tokens: 10 } });
  });

  it('reads a non-stream answer translated from Ollama', async () => {
    const upstream = ADAPTERS.ollama.parseChatResponse(readJson(join(__dirname, 'ollama'), 'response-text.json'), 'llama3.2');
    const client = new OpenAI({ apiKey: 'gw-test', baseURL: 'http://gateway.test/v1', fetch: fakeFetch(() => ({ body: JSON.stringify(upstream) })), maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'gpt-public', messages: [{ role: 'user', content: 'Hi' }] });
    expect(completion.choices[0].message.content).toBe('Rome is sunny, 24°C.');
    expect(completion.usage?.total_tokens).toBe(34);
  });

  it('raises our mid-stream error as an API error with its message', async () => {
    const { chunks } = decodeStream(ADAPTERS.ollama, fixture('ollama', 'stream-text.ndjson'));
    const sse = encodeOpenAiChunk(chunks[0]) + encodeOpenAiChunk(chunks[1]) + encodeOpenAiStreamError(openAiErrorBody('Upstream failed', 'server_error'));
    const client = new OpenAI({ apiKey: 'gw-test', baseURL: 'http://gateway.test/v1', fetch: fakeFetch(() => ({ body: sse, sse: true })), maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'gpt-public', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const read = async () => {
      for await (const chunk of stream) void chunk;
    };
    await expect(read()).rejects.toThrow('Upstream failed');
  });
});
