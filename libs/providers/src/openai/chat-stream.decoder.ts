import { isObject, tryParseJson } from '../common/json';
import type { StreamDecoder, StreamEvent } from '../provider-adapter.interface';
import { ProviderError } from '../provider-error';
import type { ChatChunk } from '../unified.types';
import { normaliseOpenAiBody } from './openai.mapping';
import { mapOpenAiError } from './openai-errors';

/** OpenAI-shaped SSE: each `data:` is already a unified chunk; `[DONE]` ends the stream. */
export class OpenAiStreamDecoder implements StreamDecoder {
  finished = false;

  push(event: StreamEvent): ChatChunk[] {
    const data = event.data.trim();
    if (!data) return [];
    if (data === '[DONE]') {
      this.finished = true;
      return [];
    }
    const parsed = tryParseJson(data);
    if (!isObject(parsed)) throw new ProviderError('server', `Upstream sent an unreadable stream event: ${data.slice(0, 200)}`);
    if (parsed.error !== undefined || event.event === 'error') throw mapOpenAiError(0, parsed);
    if (!Array.isArray(parsed.choices)) parsed.choices = [];
    // Groq puts the final usage under x_groq.
    if (!parsed.usage && isObject(parsed.x_groq) && isObject(parsed.x_groq.usage)) parsed.usage = parsed.x_groq.usage;
    normaliseOpenAiBody(parsed);
    return [parsed as unknown as ChatChunk];
  }

  end(): ChatChunk[] {
    return [];
  }
}
