import type { IncomingHttpHeaders } from 'node:http';
import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { TokenUsage } from '@gateway/billing';
import { ProviderError, type RuntimeProvider, type UpstreamRequest } from '@gateway/providers';
import { tracingEnabled } from '@gateway/telemetry';
import type { RequestContext } from './request-context';
import { redactSecrets } from './scrub';
import { isAbort, transportError } from './upstream-call';

/**
 * The gateway's spans, after OpenTelemetry's GenAI semantic conventions: one SERVER span per
 * request (child of the caller's `traceparent`, if any) and one CLIENT span per attempt, whose
 * context goes upstream in `traceparent`. Made only when tracing is on: otherwise each call
 * below is one null check.
 */

const tracer = () => trace.getTracer('llm-gateway');

/** `gen_ai.operation.name` per endpoint. */
const OPERATIONS: Record<string, string> = {
  '/v1/chat/completions': 'chat',
  '/v1/messages': 'chat',
  '/v1/responses': 'chat',
  '/v1/completions': 'text_completion',
  '/v1/embeddings': 'embeddings',
};

/** `gen_ai.provider.name`: the conventions' well-known values where there is one, else our type. */
const PROVIDER_NAMES: Record<string, string> = { gemini: 'gcp.gemini' };

const operation = (endpoint: string) => OPERATIONS[endpoint] ?? endpoint.replace(/^\/v1\//, '');
const providerName = (provider: RuntimeProvider) => PROVIDER_NAMES[provider.config.type] ?? provider.config.type;

/** The request's span, continuing the caller's trace; null when tracing is off. */
export function startRequestSpan(headers: IncomingHttpHeaders, requestId: string, endpoint: string): Span | null {
  if (!tracingEnabled()) return null;
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  return tracer().startSpan(
    operation(endpoint),
    {
      kind: SpanKind.SERVER,
      attributes: { 'gen_ai.operation.name': operation(endpoint), 'http.request.method': 'POST', 'url.path': endpoint, 'gateway.request_id': requestId },
    },
    parent,
  );
}

/** One attempt at a target: a CLIENT span whose context is sent upstream in `traceparent`. */
export function startAttemptSpan(ctx: RequestContext, provider: RuntimeProvider, upstreamModel: string, request: UpstreamRequest): Span | null {
  if (!ctx.span) return null;
  const op = operation(ctx.endpoint);
  const span = tracer().startSpan(
    `${op} ${upstreamModel}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': op,
        'gen_ai.provider.name': providerName(provider),
        'gen_ai.request.model': upstreamModel,
        'gen_ai.request.stream': ctx.stream,
        'server.address': hostOf(request.url),
        'gateway.provider': provider.name,
        'gateway.attempt': ctx.attempts,
      },
    },
    // Not the active context: the HTTP instrumentation suppresses tracing inside the gateway's routes (it leaves them to us).
    trace.setSpan(ROOT_CONTEXT, ctx.span),
  );
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), carrier);
  // A copy: the plan's headers may be the provider's own object.
  request.headers = { ...request.headers, ...carrier };
  return span;
}

/** The attempt ended: answered, or failed (`error`, its message already scrubbed of the provider's secrets). */
export function endAttemptSpan(span: Span | null, error?: { kind?: string; upstreamStatus?: number; message: string }): void {
  if (!span) return;
  if (!error) span.setAttribute('http.response.status_code', 200);
  else {
    if (error.upstreamStatus) span.setAttribute('http.response.status_code', error.upstreamStatus);
    span.setAttribute('error.type', error.kind ?? 'error');
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  }
  span.end();
}

/** The request ended: what was asked, who answered, the tokens by kind and the cost. */
export function endRequestSpan(ctx: RequestContext, status: number, tokens: TokenUsage, costMicros: number, error: string | null): void {
  const span = ctx.span;
  if (!span) return;
  const model = ctx.model?.name ?? ctx.requestedModel;
  if (model) span.updateName(`${operation(ctx.endpoint)} ${model}`);
  span.setAttributes({
    'gen_ai.request.model': model,
    'gen_ai.request.stream': ctx.stream,
    'http.response.status_code': status,
    'gateway.attempts': ctx.attempts,
    'gateway.cost_usd': costMicros / 1e6,
  });
  if (ctx.user) span.setAttributes({ 'gateway.user_id': ctx.user.id, ...(ctx.user.key ? { 'gateway.key_id': ctx.user.key.id } : {}) });
  if (ctx.provider) span.setAttributes({ 'gen_ai.provider.name': providerName(ctx.provider), 'gateway.provider': ctx.provider.name });
  if (ctx.upstreamModel && status === 200) span.setAttribute('gen_ai.response.model', ctx.upstreamModel);
  if (status === 200 || tokens.promptTokens || tokens.completionTokens) {
    span.setAttributes({
      'gen_ai.usage.input_tokens': tokens.promptTokens,
      'gen_ai.usage.output_tokens': tokens.completionTokens,
      'gen_ai.usage.cache_read.input_tokens': tokens.cacheReadTokens,
      'gen_ai.usage.cache_creation.input_tokens': tokens.cacheWriteTokens,
      'gen_ai.usage.reasoning.output_tokens': tokens.reasoningTokens,
    });
  }
  if (ctx.ttftMs !== null) span.setAttribute('gen_ai.response.time_to_first_chunk', ctx.ttftMs / 1000);
  if (status >= 400) span.setAttribute('error.type', String(status));
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: error ?? undefined });
  span.end();
}

/** An attempt's failure as its span records it: never a provider's secret. */
export function attemptFailure(e: unknown, provider: RuntimeProvider): { kind: string; upstreamStatus?: number; message: string } {
  if (isAbort(e)) return { kind: 'client_abort', message: 'the client went away' };
  const error = transportError(e, provider);
  return error instanceof ProviderError
    ? { kind: error.kind, upstreamStatus: error.upstreamStatus, message: redactSecrets(error.message, provider) }
    : { kind: error.name || 'error', message: redactSecrets(error.message ?? '', provider) };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
