import { kindForStatus, providerError } from '../common/errors';
import { isObject, tryParseJson } from '../common/json';
import type { ProviderError, ProviderErrorKind } from '../provider-error';

const KIND_BY_STATUS: Record<string, ProviderErrorKind> = {
  DEADLINE_EXCEEDED: 'timeout',
  FAILED_PRECONDITION: 'invalid_request',
  INTERNAL: 'server',
  INVALID_ARGUMENT: 'invalid_request',
  NOT_FOUND: 'not_found',
  PERMISSION_DENIED: 'permission',
  RESOURCE_EXHAUSTED: 'rate_limit',
  UNAUTHENTICATED: 'authentication',
  UNAVAILABLE: 'overloaded',
};

/** Map a Google API error (`{error:{code,message,status}}`, sometimes wrapped in a list) into a ProviderError. */
export function mapGeminiError(status: number, body: string | unknown): ProviderError {
  let parsed = typeof body === 'string' ? tryParseJson(body) : body;
  if (Array.isArray(parsed)) parsed = parsed[0];
  const error = isObject(parsed) && isObject(parsed.error) ? parsed.error : {};
  const message = typeof error.message === 'string' ? error.message : undefined;
  // A bad key is a 400 INVALID_ARGUMENT with reason API_KEY_INVALID.
  const badKey = JSON.stringify(error.details ?? '').includes('API_KEY_INVALID');
  const httpStatus = status || (typeof error.code === 'number' ? error.code : 0);
  const kind = badKey ? 'authentication' : (KIND_BY_STATUS[String(error.status)] ?? (httpStatus >= 400 ? kindForStatus(httpStatus) : 'server'));
  return providerError(kind, message, httpStatus || undefined, typeof body === 'string' ? body : '');
}
