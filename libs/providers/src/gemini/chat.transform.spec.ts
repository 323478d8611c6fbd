import { accumulate, config, decodeStream, openAiRequest, readFixture, readJson, sseEvents } from '../__fixtures__/fixtures';
import type { ChatRequest } from '../unified.types';
import { geminiAdapter } from './gemini.adapter';

const bodyOf = (request: { body?: string }) => JSON.parse(request.body ?? '{}');
const geminiConfig = config({ type: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com/v1beta/', apiKey: 'AIza-test' });

describe('Gemini adapter: OpenAI-format request -> Gemini', () => {
  it('calls generateContent, or streamGenerateContent with alt=sse, with the key header', () => {
    const plain = geminiAdapter.chatRequest(geminiConfig, openAiRequest(), 'gemini-2.5-flash');
    expect(plain.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent');
    expect(plain.headers).toEqual({ 'content-type': 'application/json', 'x-goog-api-key': 'AIza-test' });
    expect(plain.ignored).toEqual(['user']);
    const bare = config({ type: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com' });
    const streamed = geminiAdapter.chatRequest(bare, { ...openAiRequest(), stream: true }, 'models/gemini-2.5-flash');
    expect(streamed.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  });

  it('maps system, images, function calls and responses, multi-turn, tools and generation config', () => {
    const body = bodyOf(geminiAdapter.chatRequest(geminiConfig, openAiRequest(), 'gemini-2.5-flash'));
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'You are a weather bot.' }] });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'What is the weather in Paris? Here is a map.' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }] },
      { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'skip_thought_signature_validator' }] },
      { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temp_c: 18, sky: 'cloudy' } } }] },
      { role: 'model', parts: [{ text: 'It is 18°C and cloudy in Paris.' }] },
      { role: 'user', parts: [{ text: 'And in Rome? Answer briefly.' }] },
    ]);
    // additionalProperties is not part of Gemini's schema dialect.
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          { name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
        ],
      },
    ]);
    expect(body.toolConfig).toBeUndefined();
    expect(body.generationConfig).toEqual({ maxOutputTokens: 256, temperature: 0.5, topP: 0.9, stopSequences: ['END'] });
  });

  it('maps tool_choice to functionCallingConfig and wraps non-object tool results', () => {
    const forced = { ...openAiRequest(), tool_choice: { type: 'function', function: { name: 'get_weather' } } } as ChatRequest;
    expect(bodyOf(geminiAdapter.chatRequest(geminiConfig, forced, 'g')).toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } });
    const none = { ...openAiRequest(), tool_choice: 'none' } as ChatRequest;
    expect(bodyOf(geminiAdapter.chatRequest(geminiConfig, none, 'g')).toolConfig).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    const request = openAiRequest();
    request.messages[3].content = 'eighteen degrees';
    expect(bodyOf(geminiAdapter.chatRequest(geminiConfig, request, 'g')).contents[2].parts[0].functionResponse.response).toEqual({ content: 'eighteen degrees' });
  });

  it('drops the parameters of argument-less tools and asks for JSON for response_format', () => {
    const request: ChatRequest = {
      model: 'm',
      messages: [{ role: 'user', content: 'What time is it?' }],
      tools: [{ type: 'function', function: { name: 'now', parameters: { type: 'object', properties: {} } } }],
      response_format: { type: 'json_object' },
    };
    const body = bodyOf(geminiAdapter.chatRequest(geminiConfig, request, 'g'));
    expect(body.tools[0].functionDeclarations).toEqual([{ name: 'now' }]);
    expect(body.generationConfig).toEqual({ responseMimeType: 'application/json' });
    expect(body.systemInstruction).toBeUndefined();
  });
});

describe('Gemini adapter: responses', () => {
  it('maps text (thoughts apart as reasoning_content), STOP, and counts thought tokens as completion and reasoning', () => {
    const response = geminiAdapter.parseChatResponse(readJson(__dirname, 'response-text.json'), 'gemini-2.5-flash');
    const message = { role: 'assistant', content: 'Rome is sunny, 24°C.', reasoning_content: 'Thinking about Rome...' };
    expect(response.choices[0]).toEqual({ index: 0, message, finish_reason: 'stop' });
    expect(response.usage).toEqual({ prompt_tokens: 31, completion_tokens: 31, total_tokens: 62, completion_tokens_details: { reasoning_tokens: 22 } });
  });

  it('maps function calls to tool calls with generated ids and finish tool_calls', () => {
    const response = geminiAdapter.parseChatResponse(readJson(__dirname, 'response-tool.json'), 'gemini-2.5-flash');
    const calls = response.choices[0].message.tool_calls ?? [];
    expect(calls.map((call) => [call.function.name, JSON.parse(call.function.arguments)])).toEqual([
      ['get_weather', { city: 'Rome' }],
      ['get_weather', { city: 'Oslo' }],
    ]);
    expect(new Set(calls.map((call) => call.id)).size).toBe(2);
    expect(response.choices[0].message.content).toBeNull();
    expect(response.choices[0].finish_reason).toBe('tool_calls');
  });

  it('maps MAX_TOKENS to length and a blocked prompt to content_filter', () => {
    expect(geminiAdapter.parseChatResponse(readJson(__dirname, 'response-max-tokens.json'), 'g').choices[0].finish_reason).toBe('length');
    const blocked = geminiAdapter.parseChatResponse(readJson(__dirname, 'response-blocked.json'), 'g');
    expect(blocked.choices[0]).toMatchObject({ finish_reason: 'content_filter', message: { content: '' } });
    expect(blocked.usage?.prompt_tokens).toBe(12);
  });
});

describe('Gemini adapter: streams', () => {
  it('decodes text deltas, the finish reason and the final usage', () => {
    const { chunks, finished } = decodeStream(geminiAdapter, readFixture(__dirname, 'stream-text.sse'));
    const result = accumulate(chunks);
    expect(result.text).toBe('Rome is sunny, 24°C.');
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toEqual({ prompt_tokens: 31, completion_tokens: 31, total_tokens: 62, completion_tokens_details: { reasoning_tokens: 22 } });
    expect(chunks.filter((chunk) => chunk.usage)).toHaveLength(1);
    expect(finished).toBe(true);
  });

  it('decodes a streamed function call into one complete tool call delta', () => {
    const result = accumulate(decodeStream(geminiAdapter, readFixture(__dirname, 'stream-tool.sse')).chunks);
    expect(result.toolCalls).toEqual([{ id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } }]);
    expect(result.finishReason).toBe('tool_calls');
    expect(result.usage).toEqual({ prompt_tokens: 64, completion_tokens: 15, total_tokens: 79 });
  });

  it('throws an error event as a ProviderError', () => {
    const decoder = geminiAdapter.createStreamDecoder('g');
    const [first, error] = sseEvents(readFixture(__dirname, 'stream-error.sse'));
    expect(accumulate(decoder.push(first)).text).toBe('Rome');
    expect(() => decoder.push(error)).toThrow(expect.objectContaining({ kind: 'overloaded', upstreamStatus: 503, message: 'The model is overloaded. Please try again later.' }));
  });
});

describe('Gemini adapter: errors, embeddings, models', () => {
  it('maps a bad key (400 API_KEY_INVALID), quota (429) and unknown model (404)', () => {
    expect(geminiAdapter.mapError(400, readFixture(__dirname, 'error-bad-key.json'))).toMatchObject({ kind: 'authentication', retryable: false });
    expect(geminiAdapter.mapError(429, readFixture(__dirname, 'error-429.json'))).toMatchObject({ kind: 'rate_limit', retryable: true });
    expect(geminiAdapter.mapError(404, readFixture(__dirname, 'error-404.json'))).toMatchObject({ kind: 'not_found', gatewayStatus: 404 });
    expect(geminiAdapter.mapError(500, '[{"error":{"code":500,"message":"Internal error","status":"INTERNAL"}}]')).toMatchObject({ kind: 'server', message: 'Internal error' });
  });

  it('embeds through batchEmbedContents and counts usage from the request', () => {
    const request = { model: 'public-embed', input: ['hello world', 'bonjour'], dimensions: 3 };
    const upstream = geminiAdapter.embeddingsRequest!(geminiConfig, request, 'text-embedding-004');
    expect(upstream.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/text-embedding-004:batchEmbedContents');
    expect(bodyOf(upstream)).toEqual({
      requests: [
        { model: 'models/text-embedding-004', content: { parts: [{ text: 'hello world' }] }, outputDimensionality: 3 },
        { model: 'models/text-embedding-004', content: { parts: [{ text: 'bonjour' }] }, outputDimensionality: 3 },
      ],
    });
    const response = geminiAdapter.parseEmbeddingsResponse!(readJson(__dirname, 'embeddings.json'), 'text-embedding-004', request);
    expect(response.data.map((item) => item.embedding)).toEqual([
      [0.013, -0.008, 0.021],
      [-0.004, 0.017, 0.002],
    ]);
    // 'hello world' is 2 tokens and 'bonjour' 1 in o200k_base.
    expect(response.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
  });

  it('lists models without the models/ prefix', () => {
    expect(geminiAdapter.listModelsRequest(geminiConfig).url).toBe('https://generativelanguage.googleapis.com/v1beta/models?pageSize=1000');
    expect(geminiAdapter.parseModelsResponse(readJson(__dirname, 'models.json')).map((model) => model.id)).toEqual(['gemini-2.5-flash', 'text-embedding-004']);
  });
});
