import { accumulate, config, decodeStream, openAiRequest, readFixture } from '../__fixtures__/fixtures';
import { ProviderError } from '../provider-error';
import { openAiCompatibleAdapter } from './openai-compatible.adapter';

const bodyOf = (request: { body?: string }) => JSON.parse(request.body ?? '{}');

describe('OpenAI-compatible adapter (vLLM, Groq, OpenRouter, LM Studio, llama.cpp)', () => {
  it('strips the trailing slash, merges headers, sends no auth without a key, keeps max_tokens', () => {
    const vllm = config({ type: 'openai-compatible', baseUrl: 'http://10.0.0.5:8000/v1/', apiKey: null, headers: { 'HTTP-Referer': 'https://gw.example' } });
    const upstream = openAiCompatibleAdapter.chatRequest(vllm, openAiRequest(), 'meta-llama/Llama-3.1-8B-Instruct');
    expect(upstream.url).toBe('http://10.0.0.5:8000/v1/chat/completions');
    expect(upstream.headers).toEqual({ 'content-type': 'application/json', 'HTTP-Referer': 'https://gw.example' });
    expect(bodyOf(upstream)).toMatchObject({ model: 'meta-llama/Llama-3.1-8B-Instruct', max_tokens: 256 });
    expect(openAiCompatibleAdapter.type).toBe('openai-compatible');
    expect(openAiCompatibleAdapter.nativeFormats).toEqual(['openai-chat']);
  });

  it('sends the key as a bearer token and asks for stream usage', () => {
    const groq = config({ type: 'openai-compatible', baseUrl: 'https://api.groq.com/openai/v1', apiKey: 'gsk_test' });
    const upstream = openAiCompatibleAdapter.chatRequest(groq, { ...openAiRequest(), stream: true }, 'llama-3.3-70b-versatile');
    expect(upstream.headers.authorization).toBe('Bearer gsk_test');
    expect(bodyOf(upstream).stream_options).toEqual({ include_usage: true });
  });

  it('without a base URL it cannot be reached: a retryable connection error', () => {
    const call = () => openAiCompatibleAdapter.chatRequest(config({ type: 'openai-compatible' }), openAiRequest(), 'm');
    expect(call).toThrow(ProviderError);
    expect(call).toThrow(expect.objectContaining({ kind: 'connection', retryable: true }));
  });

  it("reads Groq's usage from x_groq when it sends no usage chunk", () => {
    const { chunks, finished } = decodeStream(openAiCompatibleAdapter, readFixture(__dirname, 'groq-stream.sse'));
    const result = accumulate(chunks);
    expect(result.text).toBe('Rome is sunny, 24°C.');
    expect(result.usage).toMatchObject({ prompt_tokens: 44, completion_tokens: 9, total_tokens: 53 });
    expect(finished).toBe(true);
  });
});
