import { ProviderError, type ChatChunk, type ChatRequest, type ChatResponse, type StreamDecoder, type StreamEvent, type Usage } from '@gateway/providers';
import type { AttemptPlan, AttemptTarget, StreamTranslator } from './codec';
import type { ChunkEncoder, UnifiedRenderer } from './unified-renderers';

/** The text a completion carries (tool calls as name + arguments), for counting tokens. */
export function responseText(response: ChatResponse): string {
  const message = response.choices[0]?.message;
  let text = (message?.reasoning_content ?? '') + (message?.content ?? '');
  for (const call of message?.tool_calls ?? []) text += call.function.name + call.function.arguments;
  return text;
}

export function parseUpstreamJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderError('server', 'The provider answered with a body that is not JSON');
  }
}

/** Provider events -> unified chunks (the adapter's decoder) -> the caller's events (the renderer's encoder). */
class TranslatedStream implements StreamTranslator {
  usage: Usage | undefined;
  private text = '';

  constructor(
    readonly framing: 'sse' | 'ndjson',
    private readonly decoder: StreamDecoder,
    private readonly encoder: ChunkEncoder,
  ) {}

  get finished(): boolean {
    return this.decoder.finished;
  }

  push(event: StreamEvent): string {
    return this.encode(this.decoder.push(event));
  }

  completionText(): string {
    return this.text;
  }

  end(count: () => Usage): string {
    // Chunks still held by the decoder may carry the usage.
    const tail = this.encode(this.decoder.end());
    this.usage ??= count();
    return tail + this.encoder.end(this.usage);
  }

  error(status: number, message: string): string {
    return this.encoder.error(status, message);
  }

  private encode(chunks: ChatChunk[]): string {
    let out = '';
    for (const chunk of chunks) {
      if (chunk.usage) this.usage = chunk.usage;
      const delta = chunk.choices[0]?.delta;
      if (delta?.content) this.text += delta.content;
      if (delta?.reasoning_content) this.text += delta.reasoning_content;
      for (const call of delta?.tool_calls ?? []) this.text += (call.function?.name ?? '') + (call.function?.arguments ?? '');
      out += this.encoder.push(chunk);
    }
    return out;
  }
}

/**
 * The detour: the caller's request in unified form, translated by the target's adapter, its
 * answer rendered back in the caller's format. What the target cannot honour is in `ignored`.
 */
export function translatedPlan(unified: ChatRequest, target: AttemptTarget, renderer: UnifiedRenderer, ignored: string[]): AttemptPlan {
  const { adapter, config } = target.provider;
  const request = adapter.chatRequest(config, unified, target.upstreamModel);
  const all = [...ignored, ...(request.ignored ?? [])];
  return {
    request: all.length ? { ...request, ignored: all } : request,
    answer: (text) => {
      const response = adapter.parseChatResponse(parseUpstreamJson(text), target.upstreamModel);
      return { body: (usage) => renderer.answer(response.usage ? response : { ...response, usage }), usage: response.usage, completionText: () => responseText(response) };
    },
    stream: () => new TranslatedStream(adapter.streamFraming, adapter.createStreamDecoder(target.upstreamModel), renderer.encoder()),
    mapError: (status, body) => adapter.mapError(status, body),
  };
}
