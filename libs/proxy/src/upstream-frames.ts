import { createParser, type EventSourceParser } from 'eventsource-parser';
import type { StreamEvent } from '@gateway/providers';
import { toStreamEvent, type RawSsePass } from './raw-sse';

/** What a read yields, in order: a batch of events to translate, or (same format) bytes to send as they are. */
export type UpstreamPart = StreamEvent[] | Buffer;

/**
 * Splits an upstream body into events: SSE events, or NDJSON lines (Ollama), handed over in
 * batches, one per network read, so a read's events are handled together. With `raw` (same format
 * on both sides), the runs of events that need no parsing come as Buffers to send as they are, in
 * their place between the batches of parsed ones. Synchronous: the relay awaits the reads only,
 * not each part of a read.
 */
export class UpstreamFrames {
  private batch: StreamEvent[] = [];
  // A multi-byte character may straddle two network chunks: decode as a stream.
  private readonly decoder = new TextDecoder();
  private readonly parser: EventSourceParser | null;
  private rest = '';

  constructor(
    private readonly framing: 'sse' | 'ndjson',
    private readonly raw?: RawSsePass,
  ) {
    this.parser = framing === 'sse' ? createParser({ onEvent: (e) => this.batch.push(toStreamEvent(e)) }) : null;
  }

  /** One read of the body: its parts, in order, to `emit`. */
  read(chunk: Buffer | string, emit: (part: UpstreamPart) => void): void {
    const { raw, parser } = this;
    if (!parser) return this.lines(chunk, emit);
    if (raw && !raw.off && typeof chunk !== 'string') {
      for (const part of raw.read(chunk)) {
        if (part.pass) emit(part.bytes);
        else {
          parser.feed(this.text(part.bytes));
          this.flush(emit);
        }
      }
      return;
    }
    parser.feed(this.text(chunk));
    this.flush(emit);
  }

  /** The body ended: what was left unfinished. */
  end(emit: (part: UpstreamPart) => void): void {
    if (!this.parser) {
      const line = this.rest.trim();
      if (line) emit([{ data: line }]);
      return;
    }
    const rest = this.raw?.rest();
    if (rest) this.parser.feed(this.text(rest));
    this.flush(emit);
  }

  private lines(chunk: Buffer | string, emit: (part: UpstreamPart) => void): void {
    this.rest += this.text(chunk);
    let nl: number;
    while ((nl = this.rest.indexOf('\n')) >= 0) {
      const line = this.rest.slice(0, nl).trim();
      this.rest = this.rest.slice(nl + 1);
      if (line) this.batch.push({ data: line });
    }
    this.flush(emit);
  }

  private flush(emit: (part: UpstreamPart) => void): void {
    if (!this.batch.length) return;
    const batch = this.batch;
    this.batch = [];
    emit(batch);
  }

  private text(chunk: Buffer | string): string {
    return typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
  }
}
