import type { IncomingHttpHeaders } from 'node:http';
import type { ProviderError, RuntimeProvider, StreamEvent, UpstreamRequest, Usage } from '@gateway/providers';
import type { ClientFormat } from '../client-format';
import type { RawSsePass } from '../raw-sse';

/** What the exchange needs to know of a caller's request, whatever its endpoint. */
export interface CallerRequest {
  /** The public model the caller asked for. */
  model: string;
  stream: boolean;
  /** Output tokens the caller allows, when it says (sizes the credit hold). */
  maxTokens: number | null;
  /** Caller fields no target can honour, found while parsing. */
  ignored: string[];
  /** A fast upper estimate of the prompt's tokens (sizes the hold). */
  estimatePromptTokens(): number;
  /** Exact prompt tokens with the tokenizer: only when the upstream reports no usage. */
  countPromptTokens(): number;
}

/** One target the exchange is about to try, with the caller's headers. */
export interface AttemptTarget {
  provider: RuntimeProvider;
  upstreamModel: string;
  headers: IncomingHttpHeaders;
}

/** The caller's answer made from a whole upstream answer. */
export interface Answer {
  /** The caller's body, given the final usage (counted when the upstream reported none). */
  body(usage: Usage): string;
  /** The upstream's usage, normalised; undefined when it reported none. */
  usage: Usage | undefined;
  /** The answer's text, for counting tokens when the upstream reported no usage. */
  completionText(): string;
}

/** Turns one upstream stream into the caller's, event by event. Stateful: one per attempt. */
export interface StreamTranslator {
  readonly framing: 'sse' | 'ndjson';
  /** Same format on both sides: the events that need no parsing pass as bytes. */
  readonly raw?: RawSsePass;
  /** Caller output for one upstream event ('' when nothing is due). Throws a ProviderError for an error event. */
  push(event: StreamEvent): string;
  /** Whether the upstream sent its own end of stream. */
  readonly finished: boolean;
  /** Usage, once the upstream reported it (after `end`, the final figures). */
  readonly usage: Usage | undefined;
  /** The answer's text so far, for counting tokens when no usage came. */
  completionText(): string;
  /** What ends the caller's stream once the upstream finished; `count` is called when no usage came. */
  end(count: () => Usage): string;
  /** An error event in the caller's format, ending the stream. */
  error(status: number, message: string): string;
}

/** How one target is asked, and how its answer reaches the caller. */
export interface AttemptPlan {
  request: UpstreamRequest;
  answer(text: string): Answer;
  stream(): StreamTranslator;
  /** The target's error answer (status and body) in our terms. */
  mapError(status: number, body: string): ProviderError;
}

/**
 * One gateway endpoint: parse the caller's body, plan the upstream call for a target, render
 * the answer. Owns no part of the request's life (that is the exchange's).
 */
export interface EndpointCodec<R extends CallerRequest = CallerRequest> {
  /** The endpoint named in usage rows and metrics. */
  readonly endpoint: string;
  /** The caller's error shape. */
  readonly format: ClientFormat;
  /** The error code when no target of the model can serve this endpoint. */
  readonly unsupportedCode?: string;
  /** Validate the body (a GatewayError 400 when it is bad). `text` is the body as it came. */
  parse(body: unknown, text: string): R;
  /** The call for this target, or null when the target cannot serve this endpoint (it is skipped). */
  plan(request: R, target: AttemptTarget): AttemptPlan | null;
}
