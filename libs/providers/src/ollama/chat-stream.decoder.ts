import { ChunkFactory } from '../common/chunks';
import { isObject, tryParseJson } from '../common/json';
import type { StreamDecoder, StreamEvent } from '../provider-adapter.interface';
import { ProviderError } from '../provider-error';
import type { ChatChunk } from '../unified.types';
import { finishReasonFromOllama, toolCallsFromOllama, usageFromOllama } from './chat.transform';
import { mapOllamaError } from './ollama-errors';
import type { OllamaChatResponse } from './ollama.types';

/** Ollama NDJSON: one partial message per line; the `done: true` line carries the reason and the counts. */
export class OllamaStreamDecoder implements StreamDecoder {
  finished = false;
  private readonly chunks: ChunkFactory;
  private started = false;
  private toolCalls = 0;

  constructor(upstreamModel: string) {
    this.chunks = new ChunkFactory(upstreamModel);
  }

  push(event: StreamEvent): ChatChunk[] {
    if (!event.data.trim()) return [];
    const line = tryParseJson(event.data);
    if (!isObject(line)) throw new ProviderError('server', `Upstream sent an unreadable stream line: ${event.data.slice(0, 200)}`);
    if (line.error !== undefined) throw mapOllamaError(0, line);
    const data = line as OllamaChatResponse;

    const out: ChatChunk[] = [];
    if (!this.started) {
      this.started = true;
      out.push(this.chunks.delta({ role: 'assistant', content: '' }));
    }
    if (data.message?.thinking) out.push(this.chunks.delta({ reasoning_content: data.message.thinking }));
    if (data.message?.content) out.push(this.chunks.delta({ content: data.message.content }));
    const calls = toolCallsFromOllama(data.message);
    if (calls.length) out.push(this.chunks.delta({ tool_calls: calls.map((call) => ({ index: this.toolCalls++, ...call })) }));
    if (data.done) {
      this.finished = true;
      out.push(this.chunks.delta({}, finishReasonFromOllama(data, this.toolCalls > 0)), this.chunks.usage(usageFromOllama(data)));
    }
    return out;
  }

  end(): ChatChunk[] {
    return [];
  }
}
