import { createParser } from 'eventsource-parser';
import type { StreamEvent } from '@gateway/providers';
import { toStreamEvent, type RawSsePass } from './raw-sse';

/**
 * Split an upstream body into events: SSE events, or NDJSON lines (Ollama). Yields batches,
 * one per network chunk, so a chunk's events are handled together. With `raw` (same format
 * on both sides), the runs of events that need no parsing come as Buffers to send as they are,
 * in their place between the batches of parsed ones.
 */
export async function* upstreamFrames(body: AsyncIterable<Buffer | string>, framing: 'sse' | 'ndjson', raw?: RawSsePass): AsyncGenerator<StreamEvent[] | Buffer> {
  let batch: StreamEvent[] = [];
  // A multi-byte character may straddle two network chunks: decode as a stream.
  const decoder = new TextDecoder();
  const text = (chunk: Buffer | string) => (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  if (framing === 'sse') {
    const parser = createParser({ onEvent: (e) => batch.push(toStreamEvent(e)) });
    for await (const chunk of body) {
      if (raw && !raw.off && typeof chunk !== 'string') {
        for (const part of raw.read(chunk)) {
          if (part.pass) yield part.bytes;
          else {
            parser.feed(text(part.bytes));
            if (batch.length) yield batch;
            batch = [];
          }
        }
        continue;
      }
      parser.feed(text(chunk));
      if (batch.length) {
        yield batch;
        batch = [];
      }
    }
    const rest = raw?.rest();
    if (rest) parser.feed(text(rest));
    if (batch.length) yield batch;
    return;
  }
  let rest = '';
  for await (const chunk of body) {
    rest += text(chunk);
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, nl).trim();
      rest = rest.slice(nl + 1);
      if (line) batch.push({ data: line });
    }
    if (batch.length) {
      yield batch;
      batch = [];
    }
  }
  if (rest.trim()) yield [{ data: rest.trim() }];
}
