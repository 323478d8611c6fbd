import { AnthropicStreamEncoder, encodeOpenAiChunk, encodeOpenAiStreamError, OPENAI_STREAM_DONE, type ChatChunk, type StreamEvent, type Usage } from '@gateway/providers';
import { errorBody, type ClientFormat } from './client-format';

/**
 * Writes an answer's stream in the caller's format. When the upstream already speaks
 * that format, its events are relayed as they came (`relay`), except OpenAI's extra
 * usage chunk, which is dropped unless the caller asked for it.
 */
export class StreamWriter {
  private readonly anthropic?: AnthropicStreamEncoder;
  private usageSent = false;

  constructor(
    private readonly format: ClientFormat,
    readonly passthrough: boolean,
    private readonly includeUsage: boolean,
    requestedModel: string,
  ) {
    if (format === 'anthropic' && !passthrough) this.anthropic = new AnthropicStreamEncoder(requestedModel);
  }

  /** Relay one upstream event unchanged (same format on both sides). */
  relay(event: StreamEvent, chunks: ChatChunk[]): string {
    if (this.format === 'anthropic') return `event: ${event.event ?? 'message'}\ndata: ${event.data}\n\n`;
    if (event.data === '[DONE]') return '';
    const usageOnly = chunks.length === 1 && chunks[0].choices.length === 0 && chunks[0].usage;
    if (usageOnly) {
      if (!this.includeUsage) return '';
      this.usageSent = true;
    }
    return `data: ${event.data}\n\n`;
  }

  /** Encode unified chunks for the caller. */
  encode(chunks: ChatChunk[]): string {
    let out = '';
    for (const chunk of chunks) {
      if (this.anthropic) {
        out += this.anthropic.push(chunk);
        continue;
      }
      if (chunk.usage && this.includeUsage && chunk.choices.length === 0) {
        this.usageSent = true;
        out += encodeOpenAiChunk(chunk);
        continue;
      }
      if (chunk.choices.length === 0) continue;
      out += encodeOpenAiChunk(this.includeUsage ? chunk : { ...chunk, usage: undefined });
    }
    return out;
  }

  /** Close the stream properly: final usage where owed, then the format's terminator. */
  finish(usage: Usage, id: string, model: string): string {
    if (this.format === 'anthropic') return this.anthropic ? this.anthropic.end(usage) : '';
    let out = '';
    if (this.includeUsage && !this.usageSent) {
      out += encodeOpenAiChunk({ id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model, choices: [], usage });
    }
    return out + OPENAI_STREAM_DONE;
  }

  /** An error after the stream began: an error event the caller's SDK raises, and a proper end. */
  error(status: number, message: string): string {
    if (this.format === 'anthropic') {
      const body = errorBody('anthropic', status, message) as { error: { type: string; message: string } };
      return this.anthropic ? this.anthropic.error(body.error.type, message) : `event: error\ndata: ${JSON.stringify(body)}\n\n`;
    }
    return encodeOpenAiStreamError(errorBody('openai', status, message) as Parameters<typeof encodeOpenAiStreamError>[0]) + OPENAI_STREAM_DONE;
  }
}
