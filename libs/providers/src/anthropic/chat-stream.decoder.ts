import { ChunkFactory } from '../common/chunks';
import { isObject, tryParseJson, type JsonObject } from '../common/json';
import type { StreamDecoder, StreamEvent } from '../provider-adapter.interface';
import { ProviderError } from '../provider-error';
import type { ChatChunk, FinishReason } from '../unified.types';
import { finishReasonFromAnthropic, usageFromAnthropic } from './anthropic.mapping';
import { mapAnthropicError } from './anthropic-errors';
import type { AnthropicStopReason, AnthropicUsage } from './anthropic.types';
import { isStructuredOutputTool } from './structured-output';

const USAGE_FIELDS = ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const;

/** Anthropic SSE (message_start … message_stop) -> unified chunks; usage goes out in a final chunk. */
export class AnthropicStreamDecoder implements StreamDecoder {
  finished = false;
  private readonly chunks: ChunkFactory;
  /** Anthropic content-block index -> our tool-call index (text and thinking blocks are absent). */
  private readonly toolIndexByBlock = new Map<number, number>();
  /** Blocks calling the emulated response_format tool: their JSON is the answer's text. */
  private readonly answerBlocks = new Set<number>();
  private usage: Partial<AnthropicUsage> = {};
  private finishReason: FinishReason = null;
  private usageSent = false;

  constructor(upstreamModel: string) {
    this.chunks = new ChunkFactory(upstreamModel);
  }

  push(event: StreamEvent): ChatChunk[] {
    const data = tryParseJson(event.data);
    if (!isObject(data)) {
      if (event.event === 'ping' || !event.data.trim()) return [];
      throw new ProviderError('server', `Upstream sent an unreadable stream event: ${event.data.slice(0, 200)}`);
    }
    switch (data.type ?? event.event) {
      case 'message_start':
        return this.start(isObject(data.message) ? data.message : {});
      case 'content_block_start':
        return this.blockStart(Number(data.index), isObject(data.content_block) ? data.content_block : {});
      case 'content_block_delta':
        return this.blockDelta(Number(data.index), isObject(data.delta) ? data.delta : {});
      case 'message_delta':
        return this.messageDelta(data);
      case 'message_stop':
        this.finished = true;
        return this.usageChunk();
      case 'error':
        throw mapAnthropicError(0, data);
      default:
        return [];
    }
  }

  end(): ChatChunk[] {
    return this.finishReason ? this.usageChunk() : [];
  }

  private start(message: JsonObject): ChatChunk[] {
    if (typeof message.id === 'string') this.chunks.id = message.id;
    this.mergeUsage(message.usage);
    return [this.chunks.delta({ role: 'assistant', content: '' })];
  }

  /** Counts arrive in message_start and message_delta; newer API versions repeat the final input counts in the latter. */
  private mergeUsage(usage: unknown): void {
    if (!isObject(usage)) return;
    for (const field of USAGE_FIELDS) if (typeof usage[field] === 'number') this.usage[field] = usage[field];
    if (isObject(usage.cache_creation)) this.usage.cache_creation = usage.cache_creation;
  }

  private blockStart(index: number, block: JsonObject): ChatChunk[] {
    switch (block.type) {
      case 'text':
        return typeof block.text === 'string' && block.text ? [this.chunks.delta({ content: block.text })] : [];
      case 'thinking':
        return typeof block.thinking === 'string' && block.thinking ? [this.chunks.delta({ reasoning_content: block.thinking })] : [];
      case 'redacted_thinking':
        return [this.chunks.delta({ thinking_blocks: [{ type: 'redacted_thinking', data: String(block.data ?? '') }] })];
      case 'tool_use':
        return this.toolStart(index, block);
      default:
        return [];
    }
  }

  private toolStart(index: number, block: JsonObject): ChatChunk[] {
    if (isStructuredOutputTool(block.name)) {
      this.answerBlocks.add(index);
      return [];
    }
    const toolIndex = this.toolIndexByBlock.size;
    this.toolIndexByBlock.set(index, toolIndex);
    const call = { index: toolIndex, id: String(block.id), type: 'function' as const, function: { name: String(block.name), arguments: '' } };
    return [this.chunks.delta({ tool_calls: [call] })];
  }

  private blockDelta(index: number, delta: JsonObject): ChatChunk[] {
    switch (delta.type) {
      case 'text_delta':
        return typeof delta.text === 'string' ? [this.chunks.delta({ content: delta.text })] : [];
      case 'thinking_delta':
        return typeof delta.thinking === 'string' ? [this.chunks.delta({ reasoning_content: delta.thinking })] : [];
      case 'signature_delta':
        return [this.chunks.delta({ thinking_blocks: [{ type: 'thinking', thinking: '', signature: String(delta.signature ?? '') }] })];
      case 'input_json_delta':
        return this.inputDelta(index, String(delta.partial_json ?? ''));
      default:
        return [];
    }
  }

  private inputDelta(index: number, json: string): ChatChunk[] {
    if (!json) return [];
    if (this.answerBlocks.has(index)) return [this.chunks.delta({ content: json })];
    const toolIndex = this.toolIndexByBlock.get(index);
    return toolIndex === undefined ? [] : [this.chunks.delta({ tool_calls: [{ index: toolIndex, function: { arguments: json } }] })];
  }

  private messageDelta(data: JsonObject): ChatChunk[] {
    this.mergeUsage(data.usage);
    const delta = isObject(data.delta) ? data.delta : {};
    if (delta.stop_reason === undefined) return [];
    const reason = finishReasonFromAnthropic(delta.stop_reason as AnthropicStopReason) ?? 'stop';
    const answered = reason === 'tool_calls' && this.answerBlocks.size > 0 && this.toolIndexByBlock.size === 0;
    this.finishReason = answered ? 'stop' : reason;
    return [this.chunks.delta({}, this.finishReason)];
  }

  private usageChunk(): ChatChunk[] {
    if (this.usageSent) return [];
    this.usageSent = true;
    return [this.chunks.usage(usageFromAnthropic(this.usage))];
  }
}
