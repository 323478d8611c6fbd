import { ProviderError, usageFromResponses, type ChatChunk, type StreamDecoder, type StreamEvent, type Usage } from '@gateway/providers';
import { errorBody } from '../client-format';
import { replaceJsonString, withModel } from '../json-text';
import { bytesAt, EVENT_END, eventStartOf, RawSsePass, sseEvents, type SpecialEvents } from '../raw-sse';
import type { StreamTranslator } from './codec';

/**
 * Same format on both sides: events go out as they came, but for the model name. Only the
 * events that can carry usage, an error or the end are parsed on the way (~3 µs each
 * otherwise); the rest are decoded only if the usage never comes.
 */
abstract class NativeStream implements StreamTranslator {
  readonly framing = 'sse' as const;
  usage: Usage | undefined;
  protected unparsed: StreamEvent[] = [];
  /** Events that need nothing but the model's name pass as bytes; `special` picks the others (see raw-sse). */
  readonly raw: RawSsePass;

  constructor(
    protected readonly model: string,
    special: SpecialEvents,
  ) {
    this.raw = new RawSsePass(Buffer.from(JSON.stringify(model)), special);
  }

  abstract readonly finished: boolean;
  abstract push(event: StreamEvent): string;
  abstract end(count: () => Usage): string;
  abstract error(status: number, message: string): string;
  protected abstract textOf(events: StreamEvent[]): string;

  completionText(): string {
    const passed = this.raw.passed;
    return this.textOf(passed.length ? [...sseEvents(Buffer.concat(passed)), ...this.unparsed] : this.unparsed);
  }
}

/** Chunks whose JSON has `"usage":` followed by an object: OpenAI-shaped servers put `"usage":null` on every chunk. */
export function hasUsageObject(data: string): boolean {
  for (let i = data.indexOf('"usage":'); i >= 0; i = data.indexOf('"usage":', i + 8)) {
    let j = i + 8;
    for (let c = data.charCodeAt(j); c === 32 || c === 9 || c === 10 || c === 13; c = data.charCodeAt(++j));
    if (data.charCodeAt(j) === 123) return true;
  }
  return false;
}

const USAGE = Buffer.from('usage"');
const ERROR = Buffer.from('error"');
const DONE = Buffer.from('[DONE]');
const EVENT = Buffer.from('event:');

/** Whether the key whose closing quote is just before `j` has an object for its value. */
function objectValueAt(bytes: Buffer, j: number): boolean {
  while (bytes[j] === 32 || bytes[j] === 9) j++;
  if (bytes[j] !== 58) return false;
  for (j++; bytes[j] === 32 || bytes[j] === 9 || bytes[j] === 10; j++);
  return bytes[j] === 123;
}

/** The bytes where a marker may begin: a quote (`"usage"`, `"error"`), `[` (`[DONE]`), a line end (`event:` after it). */
const MARKER_START = new Uint8Array(256);
for (const c of [34, 91, 10]) MARKER_START[c] = 1;

/**
 * Where the first OpenAI chunk in [from, end) that must be parsed starts, or -1: one with a
 * usage object, an error, `[DONE]`, or a named event (`event:` at a line's start). One pass
 * over the bytes, one table look-up for most of them: the four marker searches it replaces cost
 * ~1.5× as much (a native call per `"usage":null`). Text inside strings has its quotes escaped, so
 * a key cannot match there; a false find only costs speed.
 */
export function openAiSpecial(bytes: Buffer, from: number, end: number): number {
  if (bytesAt(bytes, from, EVENT)) return from;
  for (let i = from; i < end; i++) {
    if (MARKER_START[bytes[i]] === 0) continue;
    const c = bytes[i];
    let found = false;
    if (c === 34) {
      const next = bytes[i + 1];
      if (next === 117) found = bytesAt(bytes, i + 1, USAGE) && objectValueAt(bytes, i + 1 + USAGE.length);
      else if (next === 101) found = bytesAt(bytes, i + 1, ERROR);
    } else if (c === 91) found = bytesAt(bytes, i, DONE);
    else found = i + 1 < end && bytesAt(bytes, i + 1, EVENT);
    if (found) return Math.max(from, eventStartOf(bytes, i));
  }
  return -1;
}

const ANTHROPIC_PLAIN = ['content_block_delta', 'ping', 'content_block_start', 'content_block_stop'].map((name) => Buffer.from(`event: ${name}\n`));

/**
 * Anthropic: every event but content blocks, pings and comments is parsed (the model is in
 * message_start, usage in message_delta).
 */
export function anthropicSpecial(bytes: Buffer, from: number, end: number): number {
  for (let at = from; at < end; at = bytes.indexOf(EVENT_END, at) + 2) {
    if (bytes[at] !== 58 && !ANTHROPIC_PLAIN.some((name) => bytesAt(bytes, at, name))) return at;
  }
  return -1;
}

/** OpenAI chat completions. The usage chunk the gateway asked for reaches the caller only if it asked too. */
export class NativeOpenAiChatStream extends NativeStream {
  private usageSent = false;
  private last: ChatChunk | undefined;

  constructor(
    model: string,
    private readonly includeUsage: boolean,
    private readonly decoder: StreamDecoder,
    private readonly recount: () => StreamDecoder,
  ) {
    super(model, openAiSpecial);
  }

  get finished(): boolean {
    return this.decoder.finished;
  }

  push(event: StreamEvent): string {
    const data = event.data;
    if (data === '[DONE]') {
      this.decoder.push(event);
      return '';
    }
    if (!hasUsageObject(data) && !data.includes('"error"')) {
      this.unparsed.push(event);
      return `data: ${withModel(data, this.model) ?? data}\n\n`;
    }
    for (const chunk of this.decoder.push(event)) {
      this.last = chunk;
      if (chunk.usage) this.usage = chunk.usage;
      if (chunk.choices.length === 0 && chunk.usage) {
        if (!this.includeUsage) return '';
        this.usageSent = true;
      }
    }
    return `data: ${withModel(data, this.model) ?? data}\n\n`;
  }

  end(count: () => Usage): string {
    this.usage ??= count();
    if (!this.includeUsage || this.usageSent) return 'data: [DONE]\n\n';
    const chunk = { id: this.last?.id ?? '', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: this.model, choices: [], usage: this.usage };
    return `data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`;
  }

  error(status: number, message: string): string {
    return `data: ${JSON.stringify(errorBody('openai', status, message))}\n\ndata: [DONE]\n\n`;
  }

  protected textOf(events: StreamEvent[]): string {
    const decoder = this.recount();
    let text = '';
    for (const event of events) {
      try {
        for (const chunk of decoder.push(event)) {
          const delta = chunk.choices[0]?.delta;
          text += (delta?.reasoning_content ?? '') + (delta?.content ?? '');
          for (const call of delta?.tool_calls ?? []) text += (call.function?.name ?? '') + (call.function?.arguments ?? '');
        }
      } catch {
        break;
      }
    }
    return text;
  }
}

const frame = (event: string | undefined, data: string) => `event: ${event ?? 'message'}\ndata: ${data}\n\n`;

/** Anthropic Messages: the model is named once, in message_start. */
export class NativeAnthropicStream extends NativeStream {
  constructor(
    model: string,
    private readonly decoder: StreamDecoder,
  ) {
    super(model, anthropicSpecial);
  }

  get finished(): boolean {
    return this.decoder.finished;
  }

  push(event: StreamEvent): string {
    if (event.event === 'content_block_delta' || event.event === 'ping') {
      if (event.event === 'content_block_delta') this.unparsed.push(event);
      return frame(event.event, event.data);
    }
    for (const chunk of this.decoder.push(event)) if (chunk.usage) this.usage = chunk.usage;
    const data = event.event === 'message_start' ? (replaceJsonString(event.data, ['message', 'model'], this.model) ?? event.data) : event.data;
    return frame(event.event, data);
  }

  end(count: () => Usage): string {
    this.usage ??= count();
    return '';
  }

  error(status: number, message: string): string {
    return frame('error', JSON.stringify(errorBody('anthropic', status, message)));
  }

  protected textOf(events: StreamEvent[]): string {
    let text = '';
    for (const event of events) {
      try {
        const delta = JSON.parse(event.data).delta ?? {};
        text += delta.text ?? delta.thinking ?? delta.partial_json ?? '';
      } catch {
        // not counted
      }
    }
    return text;
  }
}

const LIFECYCLE = new Set(['response.created', 'response.in_progress', 'response.queued', 'response.completed', 'response.incomplete', 'response.failed']);

const EVENT_FIELD = Buffer.from('event: ');
const DELTA = Buffer.from('.delta');

/** OpenAI Responses: every event but the `*.delta` ones (text, arguments, reasoning) and comments is parsed. */
export function responsesSpecial(bytes: Buffer, from: number, end: number): number {
  for (let at = from; at < end; at = bytes.indexOf(EVENT_END, at) + 2) {
    if (bytes[at] === 58) continue;
    if (!bytesAt(bytes, at, EVENT_FIELD) || !bytesAt(bytes, bytes.indexOf(10, at) - DELTA.length, DELTA)) return at;
  }
  return -1;
}

/** OpenAI Responses: the model is named in the lifecycle events' response snapshot; usage comes with the last. */
export class NativeResponsesStream extends NativeStream {
  finished = false;

  constructor(model: string) {
    super(model, responsesSpecial);
  }

  push(event: StreamEvent): string {
    const type = event.event ?? '';
    if (type.endsWith('.delta')) {
      this.unparsed.push(event);
      return frame(type, event.data);
    }
    if (type === 'error' || type === 'response.failed') {
      const data = safeParse(event.data);
      // `error` events carry the message at the top; `response.failed` inside the response.
      const message = data?.message ?? data?.error?.message ?? data?.response?.error?.message;
      throw new ProviderError('server', typeof message === 'string' ? message : 'The provider reported an error in its stream');
    }
    if (!LIFECYCLE.has(type)) return frame(type, event.data);
    if (type === 'response.completed' || type === 'response.incomplete') {
      this.finished = true;
      this.usage = usageFromResponses(safeParse(event.data)?.response?.usage) ?? this.usage;
    }
    return frame(type, replaceJsonString(event.data, ['response', 'model'], this.model) ?? event.data);
  }

  end(count: () => Usage): string {
    this.usage ??= count();
    return '';
  }

  error(status: number, message: string): string {
    // As the API sends it: the fields flat and under `error` (the SDK reads the latter).
    const error = (errorBody('openai', status, message) as { error: { type: string } }).error;
    return frame('error', JSON.stringify({ type: 'error', code: error.type, message, param: null, error }));
  }

  protected textOf(events: StreamEvent[]): string {
    return events.map((event) => String(safeParse(event.data)?.delta ?? '')).join('');
  }
}

function safeParse(text: string): Record<string, any> | undefined {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
