import { accumulate, config, decodeStream, openAiRequest, readFixture, readJson, sseEvents } from '../__fixtures__/fixtures';
import type { ChatRequest } from '../unified.types';
import { anthropicAdapter } from './anthropic.adapter';

const bodyOf = (request: { body?: string }) => JSON.parse(request.body ?? '{}');
const anthropicConfig = config({ type: 'anthropic', baseUrl: 'https://api.anthropic.com/', apiKey: 'sk-ant-test' });

describe('Anthropic adapter: OpenAI-format request -> Anthropic', () => {
  it('posts to /v1/messages with the Anthropic auth and version headers', () => {
    const upstream = anthropicAdapter.chatRequest(anthropicConfig, openAiRequest(), 'claude-sonnet-4-5');
    expect(upstream.url).toBe('https://api.anthropic.com/v1/messages');
    expect(upstream.headers).toEqual({ 'content-type': 'application/json', 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' });
    expect(upstream.ignored).toEqual([]);
  });

  it('maps system, images, tool calls, tool results, multi-turn, tools, stop and sampling', () => {
    const body = bodyOf(anthropicAdapter.chatRequest(anthropicConfig, openAiRequest(), 'claude-sonnet-4-5'));
    expect(body).toEqual({
      model: 'claude-sonnet-4-5',
      system: 'You are a weather bot.',
      max_tokens: 256,
      temperature: 0.5,
      top_p: 0.9,
      stop_sequences: ['END'],
      metadata: { user_id: 'user-42' },
      tool_choice: { type: 'auto' },
      tools: [
        {
          name: 'get_weather',
          description: 'Current weather for a city',
          input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
        },
      ],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is the weather in Paris? Here is a map.' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          ],
        },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: '{"temp_c":18,"sky":"cloudy"}' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'It is 18°C and cloudy in Paris.' }] },
        { role: 'user', content: [{ type: 'text', text: 'And in Rome? Answer briefly.' }] },
      ],
    });
  });

  it('merges consecutive same-role turns, joins system and developer messages, and maps URL images', () => {
    const request: ChatRequest = {
      model: 'm',
      messages: [
        { role: 'system', content: 'Rule one.' },
        { role: 'developer', content: 'Rule two.' },
        { role: 'user', content: 'First.' },
        { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } }] },
        { role: 'assistant', content: '' },
      ],
    };
    const body = bodyOf(anthropicAdapter.chatRequest(anthropicConfig, request, 'claude-haiku-4-5'));
    expect(body.system).toBe('Rule one.\n\nRule two.');
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'First.' }, { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } }] },
    ]);
  });

  it('defaults max_tokens to 4096, prefers max_completion_tokens, clamps temperature to 1 and asks for a stream', () => {
    const base: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'Hi' }] };
    expect(bodyOf(anthropicAdapter.chatRequest(anthropicConfig, base, 'c')).max_tokens).toBe(4096);
    const body = bodyOf(anthropicAdapter.chatRequest(anthropicConfig, { ...base, max_tokens: 10, max_completion_tokens: 99, temperature: 1.6, stream: true, stop: 'STOP' }, 'c'));
    expect(body).toMatchObject({ max_tokens: 99, temperature: 1, stream: true, stop_sequences: ['STOP'] });
  });

  it.each([
    ['required', { type: 'any' }],
    ['none', { type: 'none' }],
    [{ type: 'function', function: { name: 'get_weather' } }, { type: 'tool', name: 'get_weather' }],
  ] as const)('maps tool_choice %j to %j', (choice, expected) => {
    const request = { ...openAiRequest(), tool_choice: choice } as ChatRequest;
    expect(bodyOf(anthropicAdapter.chatRequest(anthropicConfig, request, 'c')).tool_choice).toEqual(expected);
  });

  it('turns parallel_tool_calls: false into disable_parallel_tool_use', () => {
    const request = { ...openAiRequest(), tool_choice: 'required', parallel_tool_calls: false } as ChatRequest;
    expect(bodyOf(anthropicAdapter.chatRequest(anthropicConfig, request, 'c')).tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
  });
});

describe('Anthropic adapter: responses', () => {
  it('maps a text answer with usage', () => {
    const response = anthropicAdapter.parseChatResponse(readJson(__dirname, 'response-text.json'), 'claude-sonnet-4-5');
    expect(response.choices[0]).toEqual({ index: 0, message: { role: 'assistant', content: 'Rome is sunny, 24°C.' }, finish_reason: 'stop' });
    expect(response.usage).toEqual({ prompt_tokens: 25, completion_tokens: 15, total_tokens: 40, prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 } });
  });

  it('maps tool_use to tool calls, keeps thinking with its signature, and counts cached input as prompt tokens', () => {
    const response = anthropicAdapter.parseChatResponse(readJson(__dirname, 'response-tool-use.json'), 'claude-sonnet-4-5');
    expect(response.choices[0].message.content).toBe('Let me check the weather.');
    expect(response.choices[0].message.tool_calls).toEqual([
      { id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
    ]);
    expect(response.choices[0].finish_reason).toBe('tool_calls');
    expect(response.choices[0].message.reasoning_content).toBe("The user wants Rome's weather.");
    expect(response.choices[0].message.thinking_blocks).toEqual([{ type: 'thinking', thinking: "The user wants Rome's weather.", signature: 'EqQBCgIYAhIM' }]);
    expect(response.usage).toEqual({
      prompt_tokens: 582,
      completion_tokens: 89,
      total_tokens: 671,
      prompt_tokens_details: { cached_tokens: 100, cache_creation_tokens: 10 },
    });
  });

  it('maps max_tokens to length', () => {
    expect(anthropicAdapter.parseChatResponse(readJson(__dirname, 'response-max-tokens.json'), 'c').choices[0].finish_reason).toBe('length');
  });
});

describe('Anthropic adapter: streams', () => {
  it('decodes a text stream, ignores pings, and ends with a usage chunk', () => {
    const { chunks, finished } = decodeStream(anthropicAdapter, readFixture(__dirname, 'stream-text.sse'));
    const result = accumulate(chunks);
    expect(result.text).toBe('Rome is sunny, 24°C.');
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toEqual({ prompt_tokens: 25, completion_tokens: 15, total_tokens: 40, prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 } });
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks[chunks.length - 1]).toMatchObject({ choices: [], usage: { total_tokens: 40 } });
    expect(chunks.every((chunk) => chunk.id === 'msg_01XFDUDYJgAACzvnptvVoYEL')).toBe(true);
    expect(finished).toBe(true);
  });

  it('decodes text then a tool_use block into tool call deltas', () => {
    const result = accumulate(decodeStream(anthropicAdapter, readFixture(__dirname, 'stream-tool-use.sse')).chunks);
    expect(result.text).toBe('Let me check the weather.');
    expect(result.toolCalls).toEqual([{ id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Rome"}' } }]);
    expect(result.finishReason).toBe('tool_calls');
    expect(result.usage).toMatchObject({ prompt_tokens: 582, completion_tokens: 89, prompt_tokens_details: { cached_tokens: 100, cache_creation_tokens: 10 } });
  });

  it('throws an error event as a retryable overloaded ProviderError', () => {
    const decoder = anthropicAdapter.createStreamDecoder('c');
    const events = sseEvents(readFixture(__dirname, 'stream-error.sse'));
    const before = events.slice(0, 3).flatMap((event) => decoder.push(event));
    expect(accumulate(before).text).toBe('Rome');
    expect(() => decoder.push(events[3])).toThrow(expect.objectContaining({ kind: 'overloaded', message: 'Overloaded', retryable: true }));
  });

  it('still reports usage when the stream stops after message_delta without message_stop', () => {
    const decoder = anthropicAdapter.createStreamDecoder('c');
    const events = sseEvents(readFixture(__dirname, 'stream-text.sse')).slice(0, -1);
    events.forEach((event) => decoder.push(event));
    expect(decoder.finished).toBe(false);
    expect(decoder.end()).toEqual([expect.objectContaining({ usage: expect.objectContaining({ prompt_tokens: 25, completion_tokens: 15, total_tokens: 40 }) })]);
  });
});

describe('Anthropic adapter: errors and models', () => {
  it.each([
    [529, 'error-overloaded.json', 'overloaded', true],
    [400, 'error-invalid.json', 'invalid_request', false],
    [401, 'error-auth.json', 'authentication', false],
  ])('maps status %i (%s) to %s', (status, file, kind, retryable) => {
    const error = anthropicAdapter.mapError(status, readFixture(__dirname, file));
    expect(error).toMatchObject({ kind, retryable, upstreamStatus: status });
  });

  it('keeps the upstream message and falls back to the status for bodies without a type', () => {
    expect(anthropicAdapter.mapError(400, readFixture(__dirname, 'error-invalid.json')).message).toBe('messages.0.content.0.text: text content blocks must be non-empty');
    expect(anthropicAdapter.mapError(503, 'upstream connect error')).toMatchObject({ kind: 'overloaded' });
    expect(anthropicAdapter.mapError(500, '')).toMatchObject({ kind: 'server', message: 'Upstream answered 500' });
    expect(anthropicAdapter.mapError(404, '{"type":"error","error":{"type":"not_found_error","message":"model: claude-9"}}')).toMatchObject({ kind: 'not_found', gatewayStatus: 404 });
    expect(anthropicAdapter.mapError(403, '{}')).toMatchObject({ kind: 'permission' });
    expect(anthropicAdapter.mapError(429, '{}')).toMatchObject({ kind: 'rate_limit' });
  });

  it('lists models from GET /v1/models', () => {
    const upstream = anthropicAdapter.listModelsRequest(anthropicConfig);
    expect(upstream).toMatchObject({ method: 'GET', url: 'https://api.anthropic.com/v1/models?limit=1000', headers: { 'x-api-key': 'sk-ant-test' } });
    expect(anthropicAdapter.parseModelsResponse(readJson(__dirname, 'models.json')).map((model) => model.id)).toEqual(['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001']);
  });
});
