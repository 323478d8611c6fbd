import { accumulate, config, decodeStream, ndjsonEvents, openAiRequest, readFixture, readJson } from '../__fixtures__/fixtures';
import type { ChatRequest } from '../unified.types';
import { ollamaAdapter } from './ollama.adapter';

const bodyOf = (request: { body?: string }) => JSON.parse(request.body ?? '{}');
const ollamaConfig = config({ type: 'ollama', baseUrl: 'http://localhost:11434/', apiKey: null });

describe('Ollama adapter: OpenAI-format request -> Ollama', () => {
  it('posts to /api/chat with stream false made explicit and no auth', () => {
    const upstream = ollamaAdapter.chatRequest(ollamaConfig, openAiRequest(), 'llama3.2');
    expect(upstream.url).toBe('http://localhost:11434/api/chat');
    expect(upstream.headers).toEqual({ 'content-type': 'application/json' });
    expect(upstream.ignored).toEqual(['user']);
    expect(bodyOf(upstream).stream).toBe(false);
    expect(bodyOf(ollamaAdapter.chatRequest(ollamaConfig, { ...openAiRequest(), stream: true }, 'llama3.2')).stream).toBe(true);
    expect(ollamaAdapter.streamFraming).toBe('ndjson');
  });

  it('maps messages (base64 images, tool calls with object arguments, tool results by name), options and tools', () => {
    const body = bodyOf(ollamaAdapter.chatRequest(ollamaConfig, openAiRequest(), 'llama3.2'));
    expect(body.messages).toEqual([
      { role: 'system', content: 'You are a weather bot.' },
      { role: 'user', content: 'What is the weather in Paris? Here is a map.', images: ['iVBORw0KGgo='] },
      { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }] },
      { role: 'tool', content: '{"temp_c":18,"sky":"cloudy"}', tool_name: 'get_weather' },
      { role: 'assistant', content: 'It is 18°C and cloudy in Paris.' },
      { role: 'user', content: 'And in Rome? Answer briefly.' },
    ]);
    expect(body.options).toEqual({ num_predict: 256, temperature: 0.5, top_p: 0.9, stop: ['END'] });
    expect(body.tools).toEqual(openAiRequest().tools);
  });

  it('omits tools for tool_choice none and maps response_format to format', () => {
    const none = { ...openAiRequest(), tool_choice: 'none' } as ChatRequest;
    expect(bodyOf(ollamaAdapter.chatRequest(ollamaConfig, none, 'l')).tools).toBeUndefined();
    const schema = { type: 'object', properties: { city: { type: 'string' } } };
    const request: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_schema', json_schema: { name: 'w', schema } } };
    expect(bodyOf(ollamaAdapter.chatRequest(ollamaConfig, request, 'l')).format).toEqual(schema);
    expect(bodyOf(ollamaAdapter.chatRequest(ollamaConfig, { ...request, response_format: { type: 'json_object' } }, 'l')).format).toBe('json');
  });
});

describe('Ollama adapter: responses', () => {
  it('maps a text answer with usage from the eval counts', () => {
    const response = ollamaAdapter.parseChatResponse(readJson(__dirname, 'response-text.json'), 'llama3.2');
    expect(response.choices[0]).toEqual({ index: 0, message: { role: 'assistant', content: 'Rome is sunny, 24°C.' }, finish_reason: 'stop' });
    expect(response.usage).toEqual({ prompt_tokens: 26, completion_tokens: 8, total_tokens: 34 });
    expect(response.created).toBe(1748772000);
  });

  it('maps tool calls (with generated ids and JSON arguments) and finish tool_calls', () => {
    const response = ollamaAdapter.parseChatResponse(readJson(__dirname, 'response-tool.json'), 'qwen3:8b');
    expect(response.choices[0].message).toEqual({
      role: 'assistant',
      content: null,
      reasoning_content: 'I should call the weather tool.',
      tool_calls: [{ id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } }],
    });
    expect(response.choices[0].finish_reason).toBe('tool_calls');
  });

  it('maps done_reason length to length', () => {
    expect(ollamaAdapter.parseChatResponse(readJson(__dirname, 'response-length.json'), 'l').choices[0].finish_reason).toBe('length');
  });
});

describe('Ollama adapter: NDJSON streams', () => {
  it('decodes content lines and the done line with usage', () => {
    const { chunks, finished } = decodeStream(ollamaAdapter, readFixture(__dirname, 'stream-text.ndjson'));
    const result = accumulate(chunks);
    expect(result.text).toBe('Rome is sunny, 24°C.');
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toEqual({ prompt_tokens: 26, completion_tokens: 8, total_tokens: 34 });
    expect(finished).toBe(true);
  });

  it('decodes a tool call line and finishes with tool_calls', () => {
    const result = accumulate(decodeStream(ollamaAdapter, readFixture(__dirname, 'stream-tool.ndjson')).chunks);
    expect(result.toolCalls.map((call) => [call.function.name, call.function.arguments])).toEqual([['get_weather', '{"city":"Rome"}']]);
    expect(result.finishReason).toBe('tool_calls');
    expect(result.usage?.total_tokens).toBe(173);
  });

  it('throws an error line as a ProviderError', () => {
    const decoder = ollamaAdapter.createStreamDecoder('l');
    const [first, error] = ndjsonEvents(readFixture(__dirname, 'stream-error.ndjson'));
    expect(accumulate(decoder.push(first)).text).toBe('Rome');
    expect(() => decoder.push(error)).toThrow(expect.objectContaining({ kind: 'server', message: 'an error was encountered while running the model: unexpected EOF' }));
    expect(decoder.finished).toBe(false);
  });
});

describe('Ollama adapter: errors, embeddings, models', () => {
  it('maps a missing model to not_found and a 500 to a retryable server error', () => {
    expect(ollamaAdapter.mapError(404, readFixture(__dirname, 'error-404.json'))).toMatchObject({ kind: 'not_found', message: 'model "llama9" not found, try pulling it first' });
    expect(ollamaAdapter.mapError(500, '{"error":"llama runner process has terminated"}')).toMatchObject({ kind: 'server', retryable: true });
  });

  it('embeds through /api/embed with usage from prompt_eval_count', () => {
    const upstream = ollamaAdapter.embeddingsRequest!(ollamaConfig, { model: 'e', input: ['a', 'b'] }, 'nomic-embed-text');
    expect(upstream.url).toBe('http://localhost:11434/api/embed');
    expect(bodyOf(upstream)).toEqual({ model: 'nomic-embed-text', input: ['a', 'b'] });
    const response = ollamaAdapter.parseEmbeddingsResponse!(readJson(__dirname, 'embed.json'), 'nomic-embed-text');
    expect(response.data[1]).toEqual({ object: 'embedding', index: 1, embedding: [-0.009686, 0.021545, 0.004353] });
    expect(response.usage).toEqual({ prompt_tokens: 8, total_tokens: 8 });
  });

  it('lists models from /api/tags, tolerating a base URL pasted with /v1', () => {
    expect(ollamaAdapter.listModelsRequest(config({ baseUrl: 'http://gpu-box:11434/v1' })).url).toBe('http://gpu-box:11434/api/tags');
    expect(ollamaAdapter.parseModelsResponse(readJson(__dirname, 'tags.json')).map((model) => model.id)).toEqual(['llama3.2:latest', 'nomic-embed-text:latest']);
  });
});
