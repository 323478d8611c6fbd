import { ProviderError, type ProviderErrorKind } from '../provider-error';

/** The error kind an HTTP status implies when the body says nothing more specific. */
export function kindForStatus(status: number): ProviderErrorKind {
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 429) return 'rate_limit';
  if (status === 503 || status === 529) return 'overloaded';
  if (status >= 500) return 'server';
  if (status >= 400) return 'invalid_request';
  return 'server';
}

/** Build a ProviderError; the message falls back to a status line or the raw body start. */
export function providerError(kind: ProviderErrorKind, message: string | undefined, status: number | undefined, body = ''): ProviderError {
  const fallback = body.trim().slice(0, 300) || (status ? `Upstream answered ${status}` : 'Upstream error');
  return new ProviderError(kind, message || fallback, status);
}
