import { accumulate, config, decodeStream, openAiRequest, readFixture, readJson, sseEvents } from '../__fixtures__/fixtures';
import { encodeOpenAiChunk, OPENAI_STREAM_DONE } from './openai.encoder';
import { openAiAdapter } from './openai.adapter';
import { openAiErrorBody, openAiErrorType } from './openai-errors';

const bodyOf = (request: { body?: string }) => JSON.parse(request.body ?? '{}');

describe('OpenAI adapter: request', () => {
  it('posts to the default OpenAI base URL with bearer auth and the client body, only the model replaced', () => {
    const request = openAiRequest();
    const upstream = openAiAdapter.chatRequest(config(), request, 'gpt-4o-mini');
    expect(upstream.method).toBe('POST');
    expect(upstream.url).toBe('https://api.openai.com/v1/chat/completions');
    expect(upstream.headers).toMatchObject({ authorization: 'Bearer sk-test', 'content-type': 'application/json' });
    const body = bodyOf(upstream);
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.messages).toEqual(request.messages);
    expect(body.tools).toEqual(request.tools);
    expect(body).toMatchObject({ tool_choice: 'auto', temperature: 0.5, top_p: 0.9, stop: ['END'], user: 'user-42' });
  });

  it('sends max_tokens as max_completion_tokens to OpenAI, which rejects max_tokens for reasoning models', () => {
    const body = bodyOf(openAiAdapter.chatRequest(config(), openAiRequest(), 'o4-mini'));
    expect(body.max_completion_tokens).toBe(256);
    expect(body.max_tokens).toBeUndefined();
  });

  it('always asks for usage when streaming, keeping the client stream options', () => {
    const request = { ...openAiRequest(), stream: true, stream_options: { include_usage: false } };
    expect(bodyOf(openAiAdapter.chatRequest(config(), request, 'gpt-4o-mini')).stream_options).toEqual({ include_usage: true });
    const noOptions = { ...openAiRequest(), stream: true };
    expect(bodyOf(openAiAdapter.chatRequest(config(), noOptions, 'gpt-4o-mini'))).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('drops stream_options from non-stream requests (OpenAI rejects them there)', () => {
    const request = { ...openAiRequest(), stream: false, stream_options: { include_usage: true } };
    expect(bodyOf(openAiAdapter.chatRequest(config(), request, 'gpt-4o-mini')).stream_options).toBeUndefined();
  });
});

describe('OpenAI adapter: responses', () => {
  it('passes a text completion through with its usage', () => {
    const response = openAiAdapter.parseChatResponse(readJson(__dirname, 'response-text.json'), 'gpt-4o-mini');
    expect(response.choices[0].message.content).toBe('Rome is sunny, 24°C.');
    expect(response.choices[0].finish_reason).toBe('stop');
    expect(response.usage).toEqual({ prompt_tokens: 87, completion_tokens: 9, total_tokens: 96 });
  });

  it('passes tool calls through', () => {
    const response = openAiAdapter.parseChatResponse(readJson(__dirname, 'response-tools.json'), 'gpt-4o-mini');
    expect(response.choices[0].message.tool_calls).toEqual([{ id: 'call_rome', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } }]);
    expect(response.choices[0].finish_reason).toBe('tool_calls');
  });

  it('rejects a body that is not a completion as a server error', () => {
    expect(() => openAiAdapter.parseChatResponse({ hello: 'world' }, 'm')).toThrow(expect.objectContaining({ kind: 'server' }));
  });
});

describe('OpenAI adapter: streams', () => {
  it('decodes text chunks, the finish reason, the usage chunk and [DONE]', () => {
    const { chunks, finished } = decodeStream(openAiAdapter, readFixture(__dirname, 'stream-text.sse'));
    const result = accumulate(chunks);
    expect(result.text).toBe('Rome is sunny, 24°C.');
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toMatchObject({ prompt_tokens: 87, completion_tokens: 9, total_tokens: 96 });
    expect(finished).toBe(true);
  });

  it('decodes parallel streamed tool calls', () => {
    const result = accumulate(decodeStream(openAiAdapter, readFixture(__dirname, 'stream-tools.sse')).chunks);
    expect(result.toolCalls.map((call) => [call.id, call.function.name, JSON.parse(call.function.arguments)])).toEqual([
      ['call_rome', 'get_weather', { city: 'Rome' }],
      ['call_oslo', 'get_weather', { city: 'Oslo' }],
    ]);
    expect(result.finishReason).toBe('tool_calls');
    expect(result.usage?.completion_tokens).toBe(46);
  });

  it('throws the error event of a stream as a ProviderError, after the chunks before it', () => {
    const decoder = openAiAdapter.createStreamDecoder('gpt-4o-mini');
    const events = sseEvents(readFixture(__dirname, 'stream-error.sse'));
    expect(decoder.push(events[1])[0].choices[0].delta.content).toBe('Rome');
    expect(() => decoder.push(events[2])).toThrow(expect.objectContaining({ kind: 'server', message: expect.stringContaining('The server had an error') }));
    expect(decoder.finished).toBe(false);
  });
});

describe('OpenAI adapter: errors, embeddings, models', () => {
  it('maps 429 to a retryable rate limit with the upstream message', () => {
    const error = openAiAdapter.mapError(429, readFixture(__dirname, 'error-429.json'));
    expect(error).toMatchObject({ kind: 'rate_limit', upstreamStatus: 429, retryable: true, gatewayStatus: 429 });
    expect(error.message).toContain('Rate limit reached for gpt-4o-mini');
  });

  it('maps 401 to a non-retryable authentication error and a non-JSON 502 to a server error', () => {
    expect(openAiAdapter.mapError(401, readFixture(__dirname, 'error-401.json'))).toMatchObject({ kind: 'authentication', retryable: false });
    expect(openAiAdapter.mapError(502, '<html>Bad Gateway</html>')).toMatchObject({ kind: 'server', message: '<html>Bad Gateway</html>' });
  });

  it('builds the embeddings call and reads its answer', () => {
    const upstream = openAiAdapter.embeddingsRequest!(config(), { model: 'public-embed', input: ['a', 'b'] }, 'text-embedding-3-small');
    expect(upstream.url).toBe('https://api.openai.com/v1/embeddings');
    expect(bodyOf(upstream)).toEqual({ model: 'text-embedding-3-small', input: ['a', 'b'] });
    const response = openAiAdapter.parseEmbeddingsResponse!(readJson(__dirname, 'embeddings.json'), 'text-embedding-3-small');
    expect(response.data[1].embedding).toEqual([0.0101, 0.0042, -0.0007]);
    expect(response.usage.prompt_tokens).toBe(8);
  });

  it('lists models from GET /models', () => {
    const upstream = openAiAdapter.listModelsRequest(config({ baseUrl: 'https://api.groq.com/openai/v1' }));
    expect(upstream).toMatchObject({ method: 'GET', url: 'https://api.groq.com/openai/v1/models', headers: { authorization: 'Bearer sk-test' } });
    expect(openAiAdapter.parseModelsResponse(readJson(__dirname, 'models.json'))).toEqual([
      { id: 'gpt-4o-mini', ownedBy: 'system' },
      { id: 'text-embedding-3-small', ownedBy: 'system' },
    ]);
  });
});

describe('OpenAI client format', () => {
  it('encodes chunks, the terminator and error bodies as OpenAI clients read them', () => {
    const chunk = decodeStream(openAiAdapter, readFixture(__dirname, 'stream-text.sse')).chunks[1];
    expect(encodeOpenAiChunk(chunk)).toBe(`data: ${JSON.stringify(chunk)}\n\n`);
    expect(OPENAI_STREAM_DONE).toBe('data: [DONE]\n\n');
    expect(openAiErrorBody('Unknown model', openAiErrorType('not_found'), 'model_not_found')).toEqual({
      error: { message: 'Unknown model', type: 'not_found_error', code: 'model_not_found' },
    });
  });
});
