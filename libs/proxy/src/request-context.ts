import type { Span } from '@opentelemetry/api';
import type { AuthUser } from '@gateway/auth-core';
import { clock, type AdmitRequest } from '@gateway/billing';
import type { Model } from '@gateway/models';
import type { RuntimeProvider } from '@gateway/providers';
import type { ClientFormat } from './client-format';

/** What one gateway request accumulates on its way through; written by the exchange only. */
export interface RequestContext {
  requestId: string;
  format: ClientFormat;
  endpoint: string;
  /** performance.now() at arrival. */
  start: number;
  /** When it was made (the budget period it counts in). */
  createdAt: number;
  user?: AuthUser;
  model?: Model;
  requestedModel: string;
  stream: boolean;
  admitted?: AdmitRequest & { holdMicros: number };
  provider?: RuntimeProvider;
  upstreamModel?: string;
  attempts: number;
  /** Milliseconds spent waiting on the upstream (headers, then body). */
  upstreamMs: number;
  ttftMs: number | null;
  /** Bytes have gone to the client: no more failover. */
  committed: boolean;
  /** Estimated prompt tokens (for the hold), until exact figures are known. */
  promptTokens: number;
  settled: boolean;
  /** The request's trace span (null: tracing is off). */
  span: Span | null;
}

export function newContext(requestId: string, format: ClientFormat, endpoint: string): RequestContext {
  return {
    requestId,
    format,
    endpoint,
    start: performance.now(),
    createdAt: clock.now(),
    requestedModel: '',
    stream: false,
    attempts: 0,
    upstreamMs: 0,
    ttftMs: null,
    committed: false,
    promptTokens: 0,
    settled: false,
    span: null,
  };
}
