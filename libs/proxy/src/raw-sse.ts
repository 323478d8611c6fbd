import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { StreamEvent } from '@gateway/providers';

/**
 * Same-format streams as bytes: the events of an upstream read that need nothing but the
 * public model's name go to the caller as they came, without decoding, SSE parsing or
 * re-framing (PERFORMANCE.md: per-chunk work is what makes streams slower than plain
 * answers). The events that may carry usage, an error or the end are handed to the parser
 * one by one, in their place between the byte runs.
 */

const QUOTE = 34;
const BACKSLASH = 92;
export const EVENT_END = Buffer.from('\n\n');
const MODEL_KEY = Buffer.from('"model"');
/** Carried bytes beyond this without an event end mean this is no SSE we can pass whole. */
const MAX_CARRY = 1 << 20;

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * Index of the quote closing the string that opens at `start` (before `end`), or -1. A plain
 * loop: the strings scanned here (ids, names) are short, and a native indexOf call per string
 * cost more than the scan (the profile's `indexOfBuffer`).
 */
function closingQuote(bytes: Buffer, start: number, end: number): number {
  for (let i = start + 1; i < end; i++) {
    const c = bytes[i];
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i;
  }
  return -1;
}

/** Whether the string token at `key` sits directly in the root object of the event starting at `from`. */
function atRoot(bytes: Buffer, from: number, key: number): boolean {
  let depth = 0;
  for (let i = from; i < key; i++) {
    const c = bytes[i];
    if (c === QUOTE) {
      const end = closingQuote(bytes, i, key);
      if (end < 0) return false; // `key` lies inside a string
      i = end;
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
  }
  return depth === 1;
}

/**
 * The events of `region` with each root-level `"model": "…"` string set to `modelJson` (a JSON
 * string), everything else byte for byte; `region` itself when nothing changed.
 */
export function renameModel(region: Buffer, modelJson: Buffer): Buffer {
  const parts: Buffer[] = [];
  let copied = 0;
  let length = 0;
  for (let k = region.indexOf(MODEL_KEY); k >= 0; k = region.indexOf(MODEL_KEY, k + MODEL_KEY.length)) {
    let v = k + MODEL_KEY.length;
    while (isSpace(region[v])) v++;
    if (region[v] !== 58) continue; // not a key
    for (v++; isSpace(region[v]); v++);
    if (region[v] !== QUOTE) continue;
    if (!atRoot(region, eventStartOf(region, k), k)) continue;
    const close = closingQuote(region, v, region.length);
    if (close < 0) break;
    parts.push(region.subarray(copied, v), modelJson);
    length += v - copied + modelJson.length;
    copied = close + 1;
    k = close;
  }
  if (parts.length === 0) return region;
  parts.push(region.subarray(copied));
  return Buffer.concat(parts, length + region.length - copied);
}


/**
 * Where the event holding byte `at` starts: after the last blank line beginning at or before it.
 * A scan back, not a native lastIndexOf: events name their model and usage a few hundred bytes
 * from their start, and the native call per event cost more.
 */
export function eventStartOf(bytes: Buffer, at: number): number {
  for (let i = Math.min(at, bytes.length - 2); i >= 0; i--) if (bytes[i] === 10 && bytes[i + 1] === 10) return i + 2;
  return 0;
}

/** Whether `bytes` holds `needle` at `at`. */
export function bytesAt(bytes: Buffer, at: number, needle: Buffer): boolean {
  if (at + needle.length > bytes.length) return false;
  for (let i = 0; i < needle.length; i++) if (bytes[at + i] !== needle[i]) return false;
  return true;
}

/** Part of a read: bytes for the caller as they are, or complete events for the SSE parser. */
export interface RawPart {
  pass: boolean;
  bytes: Buffer;
}

/**
 * The start (in [from, end), an event boundary) of the first event that must be parsed, or -1.
 * `from` is an event's start and `end` the end of the last complete event.
 */
export type SpecialEvents = (bytes: Buffer, from: number, end: number) => number;

/**
 * Splits each upstream read (with what the last one left over) into runs of events passed as
 * bytes and the events `special` picks out for the parser, in their order.
 */
export class RawSsePass {
  /** Set when the framing is not plain `\n\n` (or an event runs away): the parser has the rest. */
  off = false;
  /** What went out as bytes, for counting tokens when no usage comes. */
  readonly passed: Buffer[] = [];
  private carry: Buffer | null = null;

  /** @param modelJson the public model as a JSON string */
  constructor(
    private readonly modelJson: Buffer,
    private readonly special: SpecialEvents,
  ) {}

  read(chunk: Buffer): RawPart[] {
    const bytes = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    const last = bytes.lastIndexOf(EVENT_END);
    const end = last < 0 ? 0 : last + 2;
    // CR framing (`\r\n\r\n`) and runaway events go to the parser, which knows every framing.
    if (bytes.includes(13) || (end === 0 && bytes.length > MAX_CARRY)) {
      this.off = true;
      return [{ pass: false, bytes }];
    }
    const parts: RawPart[] = [];
    for (let at = 0; at < end; ) {
      const marked = this.special(bytes, at, end);
      if (marked < 0) {
        parts.push(this.out(bytes.subarray(at, end)));
        break;
      }
      if (marked > at) parts.push(this.out(bytes.subarray(at, marked)));
      at = bytes.indexOf(EVENT_END, marked) + 2;
      parts.push({ pass: false, bytes: bytes.subarray(marked, at) });
    }
    if (end < bytes.length) this.carry = bytes.subarray(end);
    return parts;
  }

  /** Bytes read but not yet passed (an unfinished event), at the stream's end. */
  rest(): Buffer | null {
    const rest = this.carry;
    this.carry = null;
    return rest;
  }

  private out(region: Buffer): RawPart {
    const renamed = renameModel(region, this.modelJson);
    this.passed.push(renamed);
    return { pass: true, bytes: renamed };
  }
}

/** A parsed SSE message as the stream translators take it. */
export const toStreamEvent = (e: EventSourceMessage): StreamEvent => (e.event ? { event: e.event, data: e.data } : { data: e.data });

/** The events of complete SSE text (for counting what went out as bytes). */
export function sseEvents(bytes: Buffer): StreamEvent[] {
  const events: StreamEvent[] = [];
  const parser = createParser({ onEvent: (e) => events.push(toStreamEvent(e)) });
  parser.feed(bytes.toString('utf8'));
  return events;
}
