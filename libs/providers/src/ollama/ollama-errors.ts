import { kindForStatus, providerError } from '../common/errors';
import { isObject, tryParseJson } from '../common/json';
import type { ProviderError } from '../provider-error';

/** Ollama errors are `{"error":"…"}`; a missing model is the one case worth telling apart inside a stream. */
export function mapOllamaError(status: number, body: string | unknown): ProviderError {
  const parsed = typeof body === 'string' ? tryParseJson(body) : body;
  const message = isObject(parsed) && typeof parsed.error === 'string' ? parsed.error : undefined;
  const notFound = /model .*not found/i.test(message ?? '');
  const kind = status >= 400 ? kindForStatus(status) : notFound ? 'not_found' : 'server';
  return providerError(kind, message, status || undefined, typeof body === 'string' ? body : '');
}
