import { anthropicErrorBody, openAiErrorBody, type ProviderError } from '@gateway/providers';

/** The API shape the caller speaks. */
export type ClientFormat = 'openai' | 'anthropic';

/** A gateway-level refusal, answered in the caller's format. */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const OPENAI_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  402: 'insufficient_quota',
  403: 'permission_error',
  404: 'invalid_request_error',
  413: 'invalid_request_error',
  429: 'rate_limit_error',
  502: 'upstream_error',
  503: 'upstream_error',
  504: 'timeout_error',
  529: 'upstream_error',
};

const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  502: 'api_error',
  503: 'overloaded_error',
  504: 'api_error',
  529: 'overloaded_error',
};

/** The error body for this status in the caller's format. */
export function errorBody(format: ClientFormat, status: number, message: string, code: string | null = null): unknown {
  if (format === 'anthropic') return anthropicErrorBody(ANTHROPIC_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error'), message);
  return openAiErrorBody(message, OPENAI_TYPES[status] ?? (status >= 500 ? 'upstream_error' : 'invalid_request_error'), code);
}

/**
 * The status a caller gets once every target failed this way: an overloaded provider is a 529
 * for Anthropic callers (their SDK's overloaded_error) and a 503 for OpenAI callers.
 */
export function providerErrorStatus(error: ProviderError, format: ClientFormat): number {
  if (error.kind === 'overloaded') return format === 'anthropic' ? 529 : 503;
  return error.gatewayStatus;
}

/** Which format a gateway path speaks (Anthropic's paths, or a caller sending Anthropic's version header). */
export function formatOf(url: string, headers: { [name: string]: unknown } = {}): ClientFormat {
  const path = url.split('?')[0];
  return path.endsWith('/messages') || path.includes('/messages/') || headers['anthropic-version'] !== undefined ? 'anthropic' : 'openai';
}

export const isGatewayPath = (url: string) => url.startsWith('/v1/') || url.startsWith('/api/v1/chat/') || url.startsWith('/api/v1/messages') || url.startsWith('/api/v1/responses');

/** Response headers browsers may read, for CORS (management API and gateway alike). */
export const CORS_EXPOSED_HEADERS = 'X-Request-Id, Server-Timing, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, X-Gateway-Ignored-Params';
