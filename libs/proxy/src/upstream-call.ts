import { ProviderError, type ClientAbort, type RuntimeProvider, type UpstreamRequest } from '@gateway/providers';
import type { AttemptPlan } from './codecs/codec';

/** An HTTP error answer in our terms, with the upstream's Retry-After kept for 429s. */
function httpError(plan: AttemptPlan, status: number, body: string, retryAfter: string | undefined): ProviderError {
  const error = plan.mapError(status, body);
  if (retryAfter) error.retryAfter = retryAfter;
  return error;
}

const timeouts = (provider: RuntimeProvider) => ({ headersTimeoutMs: provider.config.timeoutMs, bodyTimeoutMs: provider.config.timeoutMs });

/** The non-streamed call: the whole answer's text, or the target's error for an HTTP failure. */
export async function callUpstreamText(provider: RuntimeProvider, plan: AttemptPlan, request: UpstreamRequest, abort: ClientAbort): Promise<string> {
  let res;
  try {
    res = await provider.transport.fetchText(request, timeouts(provider), abort);
  } catch (e) {
    throw transportError(e, provider);
  }
  if (res.statusCode >= 400) throw httpError(plan, res.statusCode, res.text, res.retryAfter);
  return res.text;
}

/** The streamed call: the body's chunks, or the target's error for an HTTP failure (read whole). */
export async function callUpstreamStream(provider: RuntimeProvider, plan: AttemptPlan, abort: ClientAbort): Promise<AsyncIterable<Buffer>> {
  let res;
  try {
    res = await provider.transport.fetchStream(plan.request, timeouts(provider), abort);
  } catch (e) {
    throw transportError(e, provider);
  }
  if (res.statusCode >= 400) {
    const parts: Buffer[] = [];
    try {
      for await (const part of res.body) parts.push(part);
    } catch {
      // the error status is what counts
    }
    throw httpError(plan, res.statusCode, Buffer.concat(parts).toString('utf8'), res.retryAfter);
  }
  return res.body;
}

/** undici's errors in our terms: timeouts are 504-bound, everything else a connection failure. */
export function transportError(e: unknown, provider: RuntimeProvider): Error {
  const err = e as { name?: string; code?: string; message?: string };
  if (err.name === 'AbortError' || err.code === 'UND_ERR_ABORTED') return e as Error; // the client went away
  if (err instanceof ProviderError) return err;
  if (err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_BODY_TIMEOUT' || err.name === 'TimeoutError') {
    return new ProviderError('timeout', `${provider.name} did not answer within ${provider.config.timeoutMs} ms`);
  }
  return new ProviderError('connection', `Cannot reach ${provider.name}: ${err.code ?? err.message ?? 'connection failed'}`);
}

export const isAbort = (e: unknown) => {
  const err = e as { name?: string; code?: string };
  return err?.name === 'AbortError' || err?.code === 'UND_ERR_ABORTED';
};
