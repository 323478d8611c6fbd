import { ChunkFactory } from '../common/chunks';
import { isObject, tryParseJson } from '../common/json';
import type { StreamDecoder, StreamEvent } from '../provider-adapter.interface';
import { ProviderError } from '../provider-error';
import type { ChatChunk, Usage } from '../unified.types';
import { finishReasonFromGemini, readParts, usageFromGemini } from './chat.transform';
import { mapGeminiError } from './gemini-errors';
import type { GeminiResponse } from './gemini.types';

/** `streamGenerateContent?alt=sse`: every event is a partial response; the one with a finishReason is the last. */
export class GeminiStreamDecoder implements StreamDecoder {
  finished = false;
  private readonly chunks: ChunkFactory;
  private started = false;
  private toolCalls = 0;
  private usage: Usage | undefined;
  private usageSent = false;

  constructor(upstreamModel: string) {
    this.chunks = new ChunkFactory(upstreamModel);
  }

  push(event: StreamEvent): ChatChunk[] {
    if (!event.data.trim()) return [];
    const data = tryParseJson(event.data);
    if (!isObject(data)) throw new ProviderError('server', `Upstream sent an unreadable stream event: ${event.data.slice(0, 200)}`);
    if (data.error !== undefined) throw mapGeminiError(0, data);
    const response = data as GeminiResponse;
    if (response.usageMetadata) this.usage = usageFromGemini(response.usageMetadata);

    const out: ChatChunk[] = [];
    if (!this.started) {
      this.started = true;
      if (response.responseId) this.chunks.id = response.responseId;
      out.push(this.chunks.delta({ role: 'assistant', content: '' }));
    }
    const candidate = response.candidates?.[0];
    const { text, reasoning, toolCalls } = readParts(candidate?.content?.parts);
    if (reasoning) out.push(this.chunks.delta({ reasoning_content: reasoning }));
    if (text) out.push(this.chunks.delta({ content: text }));
    if (toolCalls.length) {
      const deltas = toolCalls.map((call) => ({ index: this.toolCalls++, ...call }));
      out.push(this.chunks.delta({ tool_calls: deltas }));
    }
    const blocked = !candidate && response.promptFeedback?.blockReason;
    const finish = blocked ? 'content_filter' : finishReasonFromGemini(candidate?.finishReason, this.toolCalls > 0);
    if (finish) {
      this.finished = true;
      out.push(this.chunks.delta({}, finish), ...this.usageChunk());
    }
    return out;
  }

  end(): ChatChunk[] {
    return this.usageChunk();
  }

  private usageChunk(): ChatChunk[] {
    if (this.usageSent || !this.usage) return [];
    this.usageSent = true;
    return [this.chunks.usage(this.usage)];
  }
}
