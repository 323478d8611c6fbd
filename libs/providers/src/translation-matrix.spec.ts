/**
 * Every translation pair end to end: Anthropic-format and OpenAI-format callers against each
 * upstream type, requests out and responses/streams back, from the recorded fixtures.
 */
import { join } from 'node:path';
import { accumulate, accumulateAnthropic, config, decodeStream, ndjsonEvents, readFixture, readJson, SHARED, sseEvents } from './__fixtures__/fixtures';
import { anthropicErrorType } from './anthropic/anthropic-errors';
import { AnthropicStreamEncoder } from './anthropic/anthropic-stream.encoder';
import type { AnthropicRequest } from './anthropic/anthropic.types';
import { anthropicRequestToUnified, unifiedResponseToAnthropic } from './anthropic/inbound.transform';
import { ADAPTERS } from './adapters';
import { encodeOpenAiChunk } from './openai/openai.encoder';
import type { ProviderAdapter } from './provider-adapter.interface';
import { ProviderError } from './provider-error';
import type { ChatChunk, ChatRequest } from './unified.types';

interface Case {
  name: 'openai' | 'anthropic' | 'gemini' | 'ollama';
  files: { text: string; textStream: string; tool: string; toolStream: string; errorStream: string };
  textUsage: [number, number];
  toolUsage: [number, number];
  errorType: string;
}

const ext = (name: string) => (name === 'ollama' ? 'ndjson' : 'sse');
const CASES: Case[] = [
  { name: 'openai', files: names('response-tools.json', 'stream-tools'), textUsage: [87, 9], toolUsage: [120, 17], errorType: 'api_error' },
  { name: 'anthropic', files: names('response-tool-use.json', 'stream-tool-use'), textUsage: [25, 15], toolUsage: [582, 89], errorType: 'overloaded_error' },
  { name: 'gemini', files: names('response-tool.json', 'stream-tool'), textUsage: [31, 31], toolUsage: [64, 30], errorType: 'overloaded_error' },
  { name: 'ollama', files: names('response-tool.json', 'stream-tool'), textUsage: [26, 8], toolUsage: [152, 21], errorType: 'api_error' },
];
function names(tool: string, toolStream: string): Case['files'] {
  return { text: 'response-text.json', textStream: 'stream-text', tool, toolStream, errorStream: 'stream-error' };
}

const dirOf = (name: string) => join(__dirname, name);
const streamOf = (c: Case, base: string) => readFixture(dirOf(c.name), `${base}.${ext(c.name)}`);
const ROME = 'Rome is sunny, 24°C.';
const inbound = (name: string) => anthropicRequestToUnified(readJson<AnthropicRequest>(SHARED, name));
/** What an Anthropic caller counts as input: Anthropic leaves cache reads and writes out of input_tokens. */
const inputOf = (usage: { input_tokens: number; cache_read_input_tokens?: number | null; cache_creation_input_tokens?: number | null }) =>
  usage.input_tokens + (usage.cache_read_input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0);
const textBlocks = (content: Array<{ type: string }>) => content.filter((block) => block.type === 'text');

function toAnthropicSse(chunks: ChatChunk[]): string {
  const encoder = new AnthropicStreamEncoder('claude-public', 'msg_matrix');
  return chunks.map((chunk) => encoder.push(chunk)).join('') + encoder.end();
}

describe.each(CASES)('$name upstream', (c) => {
  const adapter: ProviderAdapter = ADAPTERS[c.name];
  const providerConfig = config({ type: c.name, baseUrl: c.name === 'ollama' ? 'http://localhost:11434' : null });

  it('Anthropic-format request -> unified -> upstream keeps the system prompt, tool turns, image and limits', () => {
    const { request: unified, ignored } = inbound('anthropic-request.json');
    expect(ignored.sort()).toEqual(['cache_control', 'tools']);
    const upstream = adapter.chatRequest(providerConfig, unified, 'up-model');
    const body = JSON.parse(upstream.body ?? '{}');
    const text = upstream.body ?? '';
    expect(text).toContain('You are a weather bot.');
    expect(text).toContain('Be brief.');
    expect(text).toContain('iVBORw0KGgo=');
    expect(text).toContain('18C cloudy');
    expect(text).toContain('And Rome?');
    expect(text).toContain('END');
    expect(text).toMatch(/"get_weather"/);
    const maxTokens = body.max_tokens ?? body.max_completion_tokens ?? body.generationConfig?.maxOutputTokens ?? body.options?.num_predict;
    expect(maxTokens).toBe(512);
    const topK = { openai: undefined, anthropic: body.top_k, gemini: body.generationConfig?.topK, ollama: body.options?.top_k }[c.name];
    expect(topK).toBe(c.name === 'openai' ? undefined : 40);
    // Gemini and Ollama have no end-user field; Ollama cannot force a tool call.
    expect(upstream.ignored?.sort()).toEqual({ openai: ['top_k'], anthropic: [], gemini: ['user'], ollama: ['tool_choice', 'user'] }[c.name]);
    expect(text).not.toContain('web_search');
    // Every upstream is asked to stream, in its own way.
    expect(body.stream === true || upstream.url.includes(':streamGenerateContent?alt=sse')).toBe(true);
  });

  it('non-stream text answer -> unified -> Anthropic message', () => {
    const unified = adapter.parseChatResponse(readJson(dirOf(c.name), c.files.text), 'up-model');
    const message = unifiedResponseToAnthropic(unified, 'claude-public');
    expect(textBlocks(message.content)).toEqual([{ type: 'text', text: ROME }]);
    expect(message.stop_reason).toBe('end_turn');
    expect([inputOf(message.usage), message.usage.output_tokens]).toEqual(c.textUsage);
  });

  it('non-stream tool answer -> unified -> Anthropic tool_use blocks', () => {
    const message = unifiedResponseToAnthropic(adapter.parseChatResponse(readJson(dirOf(c.name), c.files.tool), 'up-model'), 'claude-public');
    const toolUses = message.content.filter((block) => block.type === 'tool_use');
    expect(toolUses[0]).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Rome' } });
    expect(message.stop_reason).toBe('tool_use');
    expect([inputOf(message.usage), message.usage.output_tokens]).toEqual(c.toolUsage);
  });

  it('text stream -> unified -> Anthropic SSE', () => {
    const message = accumulateAnthropic(toAnthropicSse(decodeStream(adapter, streamOf(c, c.files.textStream)).chunks));
    expect(message.content).toEqual([{ type: 'text', text: ROME }]);
    expect(message).toMatchObject({ id: 'msg_matrix', model: 'claude-public', stop_reason: 'end_turn' });
    expect([inputOf(message.usage), message.usage.output_tokens]).toEqual(c.textUsage);
    expect(message.eventTypes[0]).toBe('message_start');
    expect(message.eventTypes.at(-1)).toBe('message_stop');
  });

  it('tool stream -> unified -> Anthropic SSE with tool_use input', () => {
    const message = accumulateAnthropic(toAnthropicSse(decodeStream(adapter, streamOf(c, c.files.toolStream)).chunks));
    const toolUse = message.content.find((block) => block.type === 'tool_use');
    expect(toolUse).toMatchObject({ name: 'get_weather', input: { city: 'Rome' } });
    expect(toolUse?.id).toBeTruthy();
    expect(message.stop_reason).toBe('tool_use');
  });

  it('text stream -> unified -> OpenAI SSE, as an OpenAI client reads it', () => {
    const sse = decodeStream(adapter, streamOf(c, c.files.textStream)).chunks.map(encodeOpenAiChunk).join('');
    const parsed = sse.split('\n\n').filter(Boolean).map((frame) => JSON.parse(frame.replace(/^data: /, '')) as ChatChunk);
    const result = accumulate(parsed);
    expect(result.text).toBe(ROME);
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toMatchObject({ prompt_tokens: c.textUsage[0], completion_tokens: c.textUsage[1], total_tokens: c.textUsage[0] + c.textUsage[1] });
    expect(parsed.at(-1)?.choices).toEqual([]);
  });

  it('an error inside the stream reaches an Anthropic caller as an error frame after the text so far', () => {
    const decoder = adapter.createStreamDecoder('up-model');
    const encoder = new AnthropicStreamEncoder('claude-public');
    const raw = streamOf(c, c.files.errorStream);
    const events = adapter.streamFraming === 'sse' ? sseEvents(raw) : ndjsonEvents(raw);
    let sse = '';
    let caught: unknown;
    for (const event of events) {
      try {
        for (const chunk of decoder.push(event)) sse += encoder.push(chunk);
      } catch (error) {
        caught = error;
        break;
      }
    }
    expect(caught).toBeInstanceOf(ProviderError);
    const error = caught as ProviderError;
    sse += encoder.error(anthropicErrorType(error.kind), error.message);
    expect(sse).toContain('"text":"Rome"');
    expect(sse.endsWith(`event: error\ndata: {"type":"error","error":{"type":"${c.errorType}","message":${JSON.stringify(error.message)}}}\n\n`)).toBe(true);
  });
});

interface ThinkingCase {
  name: Case['name'];
  files: { response: string; stream: string };
  reasoning: { response: string; stream: string };
  /** Where each upstream's body asks for a 10000-token (medium) thinking budget. */
  thinking: (body: Record<string, any>) => unknown;
  thinkingValue: unknown;
}

const THINKING: ThinkingCase[] = [
  {
    name: 'openai',
    files: { response: 'response-reasoning.json', stream: 'stream-reasoning.sse' },
    reasoning: { response: 'The user asks about Rome. The forecast says sunny.', stream: 'The user asks about Rome.' },
    thinking: (body) => body.reasoning_effort,
    thinkingValue: 'medium',
  },
  {
    name: 'anthropic',
    files: { response: 'response-tool-use.json', stream: 'stream-thinking.sse' },
    reasoning: { response: "The user wants Rome's weather.", stream: 'The user asks about Rome. The forecast says sunny, 24°C.' },
    thinking: (body) => body.thinking,
    thinkingValue: { type: 'enabled', budget_tokens: 10000 },
  },
  {
    name: 'gemini',
    files: { response: 'response-thinking.json', stream: 'stream-thinking.sse' },
    reasoning: { response: "**Checking the forecast**\n\nThe user wants Rome's weather; it is sunny and 24°C.", stream: "**Checking the forecast**\n\nThe user wants Rome's weather." },
    thinking: (body) => body.generationConfig?.thinkingConfig,
    thinkingValue: { thinkingBudget: 10000, includeThoughts: true },
  },
  {
    name: 'ollama',
    files: { response: 'response-thinking.json', stream: 'stream-thinking.ndjson' },
    reasoning: { response: 'The user asks about Rome. The forecast says sunny.', stream: 'The user asks about Rome.' },
    thinking: (body) => body.think,
    thinkingValue: true,
  },
];

describe.each(THINKING)('$name upstream: thinking and documents', (c) => {
  const adapter: ProviderAdapter = ADAPTERS[c.name];
  const providerConfig = config({ type: c.name, baseUrl: c.name === 'ollama' ? 'http://localhost:11434' : null });
  const bodyOf = (request: ChatRequest) => {
    const upstream = adapter.chatRequest(providerConfig, request, 'up-model');
    return { body: JSON.parse(upstream.body ?? '{}'), text: upstream.body ?? '', ignored: upstream.ignored };
  };

  it('Anthropic-format thinking request -> upstream asks for thinking; signed history goes only to Anthropic', () => {
    const { body, text, ignored } = bodyOf(inbound('anthropic-request-thinking.json').request);
    expect(c.thinking(body)).toEqual(c.thinkingValue);
    expect(text.includes('EqQBCgIYAhIMsig1')).toBe(c.name === 'anthropic');
    const unable = c.name === 'gemini' || c.name === 'ollama' ? ['parallel_tool_calls', 'user'] : [];
    expect(ignored?.sort()).toEqual(unable);
  });

  it('Anthropic-format document request -> upstream keeps what it can carry and reports the rest', () => {
    const { text, ignored } = bodyOf(inbound('anthropic-request-documents.json').request);
    const expected = { openai: ['file', 'image_url'], anthropic: [], gemini: [], ollama: ['file'] }[c.name];
    expect(ignored?.sort()).toEqual(expected);
    expect(text.includes('JVBERi0xLjQK')).toBe(c.name !== 'ollama');
    expect(text.includes('iVBORw0KGgo=')).toBe(c.name !== 'openai');
    expect(text.includes('https://example.com/rome-climate.pdf')).toBe(c.name === 'anthropic' || c.name === 'gemini');
    // A plain-text document reaches every upstream, as text where documents are not taken.
    expect(text.includes('Rome averages 24C in June.') || text.includes(Buffer.from('Rome averages 24C in June.').toString('base64'))).toBe(true);
  });

  it('non-stream thinking answer -> OpenAI reasoning_content and an Anthropic thinking block first', () => {
    const unified = adapter.parseChatResponse(readJson(dirOf(c.name), c.files.response), 'up-model');
    expect(unified.choices[0].message.reasoning_content).toBe(c.reasoning.response);
    const message = unifiedResponseToAnthropic(unified, 'claude-public');
    expect(message.content[0]).toMatchObject({ type: 'thinking', thinking: c.reasoning.response });
  });

  it('thinking stream -> OpenAI SSE reasoning_content deltas, and an Anthropic thinking block before the text', () => {
    const raw = readFixture(dirOf(c.name), c.files.stream);
    const chunks = decodeStream(adapter, raw).chunks;
    const parsed = chunks.map(encodeOpenAiChunk).map((frame) => JSON.parse(frame.replace(/^data: /, '')) as ChatChunk);
    expect(accumulate(parsed)).toMatchObject({ reasoning: c.reasoning.stream, text: ROME });
    const message = accumulateAnthropic(toAnthropicSse(chunks));
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    expect(message.content[0].thinking).toBe(c.reasoning.stream);
    expect(message.content[0].signature).toBe(c.name === 'anthropic' ? 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' : '');
  });
});
