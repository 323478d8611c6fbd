import type { UpstreamRequest } from './provider-adapter.interface';

export interface UpstreamCallOptions {
  signal?: AbortSignal;
  /** Time allowed until the response headers arrive. */
  headersTimeoutMs: number;
  /** Time allowed between two body chunks. */
  bodyTimeoutMs: number;
}

/** A whole upstream answer, read by `fetchText`. */
export interface UpstreamText {
  statusCode: number;
  text: string;
  /** The upstream's `retry-after`, on error answers. */
  retryAfter?: string;
}

/**
 * "The caller went away": aborts the upstream call made for it. Lighter than an
 * AbortController, which is only made if something asks for `signal` (streams,
 * in-process providers): a non-streamed call is cancelled through a plain hook.
 */
export class ClientAbort {
  aborted = false;
  /** Why the gateway itself ended the call (the key was revoked mid-stream), as the caller is told. */
  refusal: string | null = null;
  private controller: AbortController | null = null;
  private hook: (() => void) | null = null;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort();
    }
    return this.controller.signal;
  }

  /** Run `hook` if the call is aborted (it replaces the previous one; null clears it). */
  onAbort(hook: (() => void) | null): void {
    this.hook = hook;
  }

  /** End the call because its caller is no longer allowed (not because it went away). */
  refuse(message: string): void {
    if (this.aborted) return;
    this.refusal = message;
    this.abort();
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.controller?.abort();
    const hook = this.hook;
    this.hook = null;
    hook?.();
  }
}

/** A streamed upstream answer: its status, then its body's chunks as they arrive. */
export interface UpstreamStream {
  statusCode: number;
  body: AsyncIterable<Buffer>;
  /** The upstream's `retry-after`, on error answers. */
  retryAfter?: string;
}

/**
 * How a provider's calls are carried: HTTP for real providers (UpstreamHttp), in process for
 * the built-in mock. The proxy speaks only to this, whatever the provider type.
 */
export interface UpstreamTransport {
  /** The whole answer as text. Rejects with undici-style errors (timeouts, connection, `UND_ERR_ABORTED`). */
  fetchText(req: UpstreamRequest, options: Omit<UpstreamCallOptions, 'signal'>, abort?: ClientAbort): Promise<UpstreamText>;
  /** Resolves once the status is known, then yields the body's chunks. Same errors as fetchText. */
  fetchStream(req: UpstreamRequest, options: Omit<UpstreamCallOptions, 'signal'>, abort?: ClientAbort): Promise<UpstreamStream>;
}
