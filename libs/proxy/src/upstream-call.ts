import { ProviderError, type ClientAbort, type RuntimeProvider, type UpstreamHttp, type UpstreamRequest } from '@gateway/providers';
import type { Dispatcher } from 'undici';

/** Call the upstream; transport failures become retryable ProviderErrors, HTTP errors the adapter's mapping. */
export async function callUpstream(http: UpstreamHttp, provider: RuntimeProvider, request: UpstreamRequest, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
  let res: Dispatcher.ResponseData;
  try {
    res = await http.request(request, { signal, headersTimeoutMs: provider.config.timeoutMs, bodyTimeoutMs: provider.config.timeoutMs });
  } catch (e) {
    throw transportError(e, provider);
  }
  if (res.statusCode >= 400) {
    const text = await res.body.text().catch(() => '');
    throw provider.adapter.mapError(res.statusCode, text);
  }
  return res;
}

/** The non-streamed call: the whole answer's text, or the adapter's error for an HTTP failure. */
export async function callUpstreamText(http: UpstreamHttp, provider: RuntimeProvider, request: UpstreamRequest, abort: ClientAbort): Promise<string> {
  let res;
  try {
    res = await http.fetchText(request, { headersTimeoutMs: provider.config.timeoutMs, bodyTimeoutMs: provider.config.timeoutMs }, abort);
  } catch (e) {
    throw transportError(e, provider);
  }
  if (res.statusCode >= 400) throw provider.adapter.mapError(res.statusCode, res.text);
  return res.text;
}

/** The streamed call: the body's chunks, or the adapter's error for an HTTP failure (read whole). */
export async function callUpstreamStream(http: UpstreamHttp, provider: RuntimeProvider, request: UpstreamRequest, abort: ClientAbort): Promise<AsyncIterable<Buffer>> {
  let res;
  try {
    res = await http.fetchStream(request, { headersTimeoutMs: provider.config.timeoutMs, bodyTimeoutMs: provider.config.timeoutMs }, abort);
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
    throw provider.adapter.mapError(res.statusCode, Buffer.concat(parts).toString('utf8'));
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
