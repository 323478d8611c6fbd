import { ChunkFactory, usageOf } from '../common/chunks';
import { isObject, tryParseJson, type JsonObject } from '../common/json';
import type { StreamDecoder, StreamEvent } from '../provider-adapter.interface';
import { ProviderError } from '../provider-error';
import type { ChatChunk, FinishReason } from '../unified.types';
import { finishReasonFromAnthropic, promptTokensOf } from './anthropic.mapping';
import { mapAnthropicError } from './anthropic-errors';
import type { AnthropicStopReason, AnthropicUsage } from './anthropic.types';

/** Anthropic SSE (message_start … message_stop) -> unified chunks; usage goes out in a final chunk. */
export class AnthropicStreamDecoder implements StreamDecoder {
  finished = false;
  private readonly chunks: ChunkFactory;
  /** Anthropic content-block index -> our tool-call index (text blocks are absent). */
  private readonly toolIndexByBlock = new Map<number, number>();
  private promptTokens = 0;
  private completionTokens = 0;
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
    const usage = message.usage as Partial<AnthropicUsage> | undefined;
    this.promptTokens = promptTokensOf(usage);
    this.completionTokens = usage?.output_tokens ?? 0;
    return [this.chunks.delta({ role: 'assistant', content: '' })];
  }

  private blockStart(index: number, block: JsonObject): ChatChunk[] {
    if (block.type === 'text' && typeof block.text === 'string' && block.text) return [this.chunks.delta({ content: block.text })];
    if (block.type !== 'tool_use') return [];
    const toolIndex = this.toolIndexByBlock.size;
    this.toolIndexByBlock.set(index, toolIndex);
    const call = { index: toolIndex, id: String(block.id), type: 'function' as const, function: { name: String(block.name), arguments: '' } };
    return [this.chunks.delta({ tool_calls: [call] })];
  }

  private blockDelta(index: number, delta: JsonObject): ChatChunk[] {
    if (delta.type === 'text_delta' && typeof delta.text === 'string') return [this.chunks.delta({ content: delta.text })];
    const toolIndex = this.toolIndexByBlock.get(index);
    if (delta.type !== 'input_json_delta' || toolIndex === undefined || !delta.partial_json) return [];
    return [this.chunks.delta({ tool_calls: [{ index: toolIndex, function: { arguments: String(delta.partial_json) } }] })];
  }

  private messageDelta(data: JsonObject): ChatChunk[] {
    const usage = data.usage as Partial<AnthropicUsage> | undefined;
    if (usage?.output_tokens != null) this.completionTokens = usage.output_tokens;
    // Newer API versions repeat the (final) input counts here.
    if (usage?.input_tokens != null) this.promptTokens = promptTokensOf(usage);
    const delta = isObject(data.delta) ? data.delta : {};
    if (delta.stop_reason === undefined) return [];
    this.finishReason = finishReasonFromAnthropic(delta.stop_reason as AnthropicStopReason) ?? 'stop';
    return [this.chunks.delta({}, this.finishReason)];
  }

  private usageChunk(): ChatChunk[] {
    if (this.usageSent) return [];
    this.usageSent = true;
    return [this.chunks.usage(usageOf(this.promptTokens, this.completionTokens))];
  }
}
