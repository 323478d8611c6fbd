import { kindForStatus, providerError } from '../common/errors';
import { isObject, tryParseJson } from '../common/json';
import type { ProviderError, ProviderErrorKind } from '../provider-error';
import type { AnthropicErrorBody } from './anthropic.types';

const KIND_BY_TYPE: Record<string, ProviderErrorKind> = {
  api_error: 'server',
  authentication_error: 'authentication',
  billing_error: 'permission',
  invalid_request_error: 'invalid_request',
  not_found_error: 'not_found',
  overloaded_error: 'overloaded',
  permission_error: 'permission',
  rate_limit_error: 'rate_limit',
  request_too_large: 'invalid_request',
  timeout_error: 'timeout',
};

const TYPE_BY_KIND: Record<ProviderErrorKind, string> = {
  authentication: 'authentication_error',
  connection: 'api_error',
  invalid_request: 'invalid_request_error',
  not_found: 'not_found_error',
  overloaded: 'overloaded_error',
  permission: 'permission_error',
  rate_limit: 'rate_limit_error',
  server: 'api_error',
  timeout: 'timeout_error',
};

/** Map an Anthropic error (`{type:"error",error:{type,message}}`) into a ProviderError; status 0 means "inside a stream". */
export function mapAnthropicError(status: number, body: string | unknown): ProviderError {
  const parsed = typeof body === 'string' ? tryParseJson(body) : body;
  const error = isObject(parsed) && isObject(parsed.error) ? parsed.error : {};
  const byType = typeof error.type === 'string' ? KIND_BY_TYPE[error.type] : undefined;
  const byStatus = status === 529 ? 'overloaded' : kindForStatus(status);
  const kind = byType ?? (status >= 400 ? byStatus : 'server');
  const message = typeof error.message === 'string' ? error.message : undefined;
  return providerError(kind, message, status || undefined, typeof body === 'string' ? body : '');
}

/** The Anthropic error `type` our callers see for a kind of failure. */
export function anthropicErrorType(kind: ProviderErrorKind): string {
  return TYPE_BY_KIND[kind];
}

/** Anthropic's error body: `{type:"error",error:{type,message}}`. */
export function anthropicErrorBody(type: string, message: string): AnthropicErrorBody {
  return { type: 'error', error: { type, message } };
}
