import {
  AnthropicStreamEncoder,
  encodeOpenAiChunk,
  encodeOpenAiStreamError,
  OPENAI_STREAM_DONE,
  ResponsesStreamEncoder,
  unifiedResponseToAnthropic,
  unifiedResponseToResponses,
  type ChatChunk,
  type ChatResponse,
  type Usage,
} from '@gateway/providers';
import { errorBody } from '../client-format';

/** Unified chunks -> the caller's stream. Stateful: one per answer. */
export interface ChunkEncoder {
  push(chunk: ChatChunk): string;
  end(usage: Usage): string;
  error(status: number, message: string): string;
}

/** How a translated answer reaches a caller of one format. */
export interface UnifiedRenderer {
  answer(response: ChatResponse): string;
  encoder(): ChunkEncoder;
}

/** OpenAI chat callers: chunks as they are but for the public model; usage only when asked. */
class OpenAiChunkEncoder implements ChunkEncoder {
  private usageSent = false;
  private id = '';

  constructor(
    private readonly model: string,
    private readonly includeUsage: boolean,
  ) {}

  push(chunk: ChatChunk): string {
    this.id ||= chunk.id;
    if (chunk.choices.length === 0) {
      if (!chunk.usage || !this.includeUsage) return '';
      this.usageSent = true;
      return encodeOpenAiChunk({ ...chunk, model: this.model });
    }
    return encodeOpenAiChunk(this.includeUsage ? { ...chunk, model: this.model } : { ...chunk, model: this.model, usage: undefined });
  }

  end(usage: Usage): string {
    if (!this.includeUsage || this.usageSent) return OPENAI_STREAM_DONE;
    const chunk: ChatChunk = { id: this.id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: this.model, choices: [], usage };
    return encodeOpenAiChunk(chunk) + OPENAI_STREAM_DONE;
  }

  error(status: number, message: string): string {
    return encodeOpenAiStreamError(errorBody('openai', status, message) as Parameters<typeof encodeOpenAiStreamError>[0]) + OPENAI_STREAM_DONE;
  }
}

class AnthropicChunkEncoder implements ChunkEncoder {
  private readonly encoder: AnthropicStreamEncoder;

  constructor(model: string) {
    this.encoder = new AnthropicStreamEncoder(model);
  }

  push(chunk: ChatChunk): string {
    return this.encoder.push(chunk);
  }

  end(usage: Usage): string {
    return this.encoder.end(usage);
  }

  error(status: number, message: string): string {
    const body = errorBody('anthropic', status, message) as { error: { type: string } };
    return this.encoder.error(body.error.type, message);
  }
}

class ResponsesChunkEncoder implements ChunkEncoder {
  private readonly encoder: ResponsesStreamEncoder;

  constructor(model: string, request: Record<string, unknown>) {
    this.encoder = new ResponsesStreamEncoder({ model, request });
  }

  push(chunk: ChatChunk): string {
    return this.encoder.push(chunk);
  }

  end(usage: Usage): string {
    return this.encoder.end(usage);
  }

  error(status: number, message: string): string {
    return this.encoder.error(status >= 500 ? 'server_error' : 'invalid_request_error', message);
  }
}

export function openAiRenderer(model: string, includeUsage: boolean): UnifiedRenderer {
  return {
    answer: (response) => JSON.stringify({ ...response, model }),
    encoder: () => new OpenAiChunkEncoder(model, includeUsage),
  };
}

export function anthropicRenderer(model: string): UnifiedRenderer {
  return { answer: (response) => JSON.stringify(unifiedResponseToAnthropic(response, model)), encoder: () => new AnthropicChunkEncoder(model) };
}

export function responsesRenderer(model: string, request: Record<string, unknown>): UnifiedRenderer {
  return {
    answer: (response) => JSON.stringify(unifiedResponseToResponses(response, { model, request })),
    encoder: () => new ResponsesChunkEncoder(model, request),
  };
}
