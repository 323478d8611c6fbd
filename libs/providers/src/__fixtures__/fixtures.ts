/** Spec helpers: read fixtures, frame recorded streams the way the proxy does, run decoders and accumulate results. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProviderAdapter, ProviderConfig, StreamEvent } from '../provider-adapter.interface';
import type { ChatChunk, ChatRequest, FinishReason, ThinkingBlock, ToolCall, Usage } from '../unified.types';

export function readFixture(dir: string, name: string): string {
  return readFileSync(join(dir, '__fixtures__', name), 'utf8');
}

export function readJson<T = unknown>(dir: string, name: string): T {
  return JSON.parse(readFixture(dir, name)) as T;
}

export const SHARED = join(__dirname, '..');
export const openAiRequest = (): ChatRequest => readJson<ChatRequest>(SHARED, 'openai-request.json');

export function config(overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return { id: 'p1', name: 'test', type: 'openai', baseUrl: null, apiKey: 'sk-test', headers: {}, timeoutMs: 30000, ...overrides };
}

/** SSE text -> events (`event:` and `data:` lines; several data lines join with a newline). */
export function sseEvents(text: string): StreamEvent[] {
  return text
    .split(/\r?\n\r?\n/)
    .map((block) => {
      let event: string | undefined;
      const data: string[] = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      return data.length ? { ...(event ? { event } : {}), data: data.join('\n') } : undefined;
    })
    .filter((event): event is StreamEvent => event !== undefined);
}

export function ndjsonEvents(text: string): StreamEvent[] {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((data) => ({ data }));
}

export function decodeStream(adapter: ProviderAdapter, raw: string, model = 'upstream-model'): { chunks: ChatChunk[]; finished: boolean } {
  const decoder = adapter.createStreamDecoder(model);
  const events = adapter.streamFraming === 'sse' ? sseEvents(raw) : ndjsonEvents(raw);
  const chunks = events.flatMap((event) => decoder.push(event));
  chunks.push(...decoder.end());
  return { chunks, finished: decoder.finished };
}

export interface Accumulated {
  text: string;
  reasoning: string;
  /** Signatures and redacted blocks, as the deltas carried them. */
  thinkingBlocks: ThinkingBlock[];
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  usage: Usage | undefined;
}

/** What an OpenAI client builds from the chunks. */
export function accumulate(chunks: ChatChunk[]): Accumulated {
  const result: Accumulated = { text: '', reasoning: '', thinkingBlocks: [], toolCalls: [], finishReason: null, usage: undefined };
  for (const chunk of chunks) {
    if (chunk.usage) result.usage = chunk.usage;
    const choice = chunk.choices[0];
    if (!choice) continue;
    result.text += choice.delta.content ?? '';
    result.reasoning += choice.delta.reasoning_content ?? '';
    result.thinkingBlocks.push(...(choice.delta.thinking_blocks ?? []));
    for (const call of choice.delta.tool_calls ?? []) {
      const existing = (result.toolCalls[call.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
      if (call.id) existing.id = call.id;
      if (call.function?.name) existing.function.name += call.function.name;
      existing.function.arguments += call.function?.arguments ?? '';
    }
    if (choice.finish_reason) result.finishReason = choice.finish_reason;
  }
  return result;
}

export interface AnthropicMessageSnapshot {
  id?: string;
  model?: string;
  content: Array<{ type: string; text?: string; thinking?: string; signature?: string; data?: string; id?: string; name?: string; input?: unknown; json?: string }>;
  stop_reason?: string | null;
  usage: { input_tokens: number; output_tokens: number; cache_creation_input_tokens?: number; cache_read_input_tokens?: number };
  eventTypes: string[];
}

/** What an Anthropic client builds from our SSE: checks every frame's `event:` matches its data's type. */
export function accumulateAnthropic(sse: string): AnthropicMessageSnapshot {
  const snapshot: AnthropicMessageSnapshot = { content: [], usage: { input_tokens: 0, output_tokens: 0 }, eventTypes: [] };
  for (const { event, data } of sseEvents(sse)) {
    const parsed = JSON.parse(data);
    if (parsed.type !== event) throw new Error(`event ${event} carries data of type ${parsed.type}`);
    snapshot.eventTypes.push(parsed.type);
    if (parsed.type === 'message_start') Object.assign(snapshot, { id: parsed.message.id, model: parsed.message.model, usage: { ...parsed.message.usage } });
    if (parsed.type === 'content_block_start') snapshot.content[parsed.index] = { ...parsed.content_block, json: '' };
    if (parsed.type === 'content_block_delta') {
      const block = snapshot.content[parsed.index];
      if (parsed.delta.type === 'text_delta') block.text += parsed.delta.text;
      else if (parsed.delta.type === 'thinking_delta') block.thinking += parsed.delta.thinking;
      else if (parsed.delta.type === 'signature_delta') block.signature = parsed.delta.signature;
      else block.json += parsed.delta.partial_json;
    }
    if (parsed.type === 'content_block_stop') {
      const block = snapshot.content[parsed.index];
      if (block.type === 'tool_use') block.input = block.json ? JSON.parse(block.json) : {};
      delete block.json;
    }
    if (parsed.type === 'message_delta') {
      snapshot.stop_reason = parsed.delta.stop_reason;
      Object.assign(snapshot.usage, parsed.usage);
    }
  }
  return snapshot;
}
