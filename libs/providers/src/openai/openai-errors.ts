import { kindForStatus, providerError } from '../common/errors';
import { isObject, tryParseJson } from '../common/json';
import type { ProviderError, ProviderErrorKind } from '../provider-error';

const KIND_BY_TYPE: Record<string, ProviderErrorKind> = {
  authentication_error: 'authentication',
  insufficient_quota: 'rate_limit',
  invalid_api_key: 'authentication',
  invalid_request_error: 'invalid_request',
  not_found_error: 'not_found',
  permission_error: 'permission',
  rate_limit_error: 'rate_limit',
  rate_limit_exceeded: 'rate_limit',
  server_error: 'server',
  tokens: 'rate_limit',
};

const TYPE_BY_KIND: Record<ProviderErrorKind, string> = {
  authentication: 'authentication_error',
  connection: 'server_error',
  invalid_request: 'invalid_request_error',
  not_found: 'not_found_error',
  overloaded: 'server_error',
  permission: 'permission_error',
  rate_limit: 'rate_limit_error',
  server: 'server_error',
  timeout: 'timeout_error',
};

/** Map an OpenAI-shaped error (`{error:{message,type,code}}`) into a ProviderError; status 0 means "inside a stream". */
export function mapOpenAiError(status: number, body: string | unknown): ProviderError {
  const parsed = typeof body === 'string' ? tryParseJson(body) : body;
  const error = isObject(parsed) ? parsed.error : undefined;
  const details = isObject(error) ? error : {};
  const message = typeof error === 'string' ? error : typeof details.message === 'string' ? details.message : undefined;
  const byType = KIND_BY_TYPE[String(details.code ?? '')] ?? KIND_BY_TYPE[String(details.type ?? '')];
  const kind = status >= 400 ? kindForStatus(status) : (byType ?? 'server');
  return providerError(kind, message, status || undefined, typeof body === 'string' ? body : '');
}

/** The OpenAI error `type` our callers see for a kind of failure. */
export function openAiErrorType(kind: ProviderErrorKind): string {
  return TYPE_BY_KIND[kind];
}

/** OpenAI's error body: `{error:{message,type,code}}`. */
export function openAiErrorBody(message: string, type: string, code: string | null = null): { error: { message: string; type: string; code: string | null } } {
  return { error: { message, type, code } };
}
