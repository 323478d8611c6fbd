import { createParser } from 'eventsource-parser';
import type { StreamEvent } from '@gateway/providers';

/**
 * Split an upstream body into events: SSE events, or NDJSON lines (Ollama).
 * Yields batches, one per network chunk, so a chunk's events are handled together.
 */
export async function* upstreamFrames(body: AsyncIterable<Buffer | string>, framing: 'sse' | 'ndjson'): AsyncGenerator<StreamEvent[]> {
  let batch: StreamEvent[] = [];
  // A multi-byte character may straddle two network chunks: decode as a stream.
  const decoder = new TextDecoder();
  const text = (chunk: Buffer | string) => (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  if (framing === 'sse') {
    const parser = createParser({ onEvent: (e) => batch.push(e.event ? { event: e.event, data: e.data } : { data: e.data }) });
    for await (const chunk of body) {
      parser.feed(text(chunk));
      if (batch.length) {
        yield batch;
        batch = [];
      }
    }
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
