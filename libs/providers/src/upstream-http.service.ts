import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import { Dispatcher, errors, Pool } from 'undici';
import { guardedLookup } from './network-guard';
import type { UpstreamRequest } from './provider-adapter.interface';
import { ClientAbort, type UpstreamCallOptions, type UpstreamStream, type UpstreamText, type UpstreamTransport } from './upstream-transport';

/**
 * The body of a streamed answer, fed by undici's dispatch callbacks: no Readable stream.
 * The chunks that arrive in one socket read (undici calls back once per HTTP chunk) are
 * handed over together, so a read costs one turn of the relay loop, not one per chunk.
 * Leaving the loop early (break, throw) aborts the upstream call.
 */
class ChunkQueue implements AsyncIterableIterator<Buffer> {
  private chunks: Buffer[] = [];
  private ended = false;
  private error: Error | null = null;
  private waiting: { resolve(r: IteratorResult<Buffer>): void; reject(e: Error): void } | null = null;
  private scheduled = false;

  constructor(private readonly cancel: () => void) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.wake();
  }

  end(error: Error | null = null): void {
    this.ended = true;
    this.error = error;
    this.wake();
  }

  next(): Promise<IteratorResult<Buffer>> {
    if (this.chunks.length) return Promise.resolve({ value: this.take(), done: false });
    if (this.error) return Promise.reject(this.error);
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<Buffer>> {
    if (!this.ended) {
      this.ended = true;
      this.cancel();
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Answer a waiting `next()` once the current synchronous run of callbacks is over. */
  private wake(): void {
    if (!this.waiting || this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      const waiting = this.waiting;
      if (!waiting) return;
      this.waiting = null;
      if (this.chunks.length) waiting.resolve({ value: this.take(), done: false });
      else if (this.error) waiting.reject(this.error);
      else if (this.ended) waiting.resolve({ value: undefined, done: true });
      else this.waiting = waiting;
    });
  }

  private take(): Buffer {
    const chunks = this.chunks;
    this.chunks = [];
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  }
}

function retryAfterOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = headers['retry-after'];
  return Array.isArray(value) ? value[0] : value;
}

/** Abort a dispatched call now if its caller is gone, else when it goes. */
function cancelWith(abort: ClientAbort | undefined, controller: Dispatcher.DispatchController): void {
  if (abort?.aborted) controller.abort(new errors.RequestAbortedError());
  else abort?.onAbort(() => controller.abort(new errors.RequestAbortedError()));
}

/** HTTP to providers over one keep-alive pool per origin. */
@Injectable()
export class UpstreamHttp implements OnModuleDestroy, UpstreamTransport {
  private readonly pools = new Map<string, Pool>();
  private readonly urls = new Map<string, { origin: string; path: string }>();
  private readonly lookup: ReturnType<typeof guardedLookup>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.lookup = guardedLookup(config.upstream.allowedHosts);
  }

  request(req: UpstreamRequest, options: UpstreamCallOptions): Promise<Dispatcher.ResponseData> {
    const { origin, path } = this.split(req.url);
    return this.pool(origin).request({
      method: req.method,
      path,
      headers: req.headers,
      body: req.body,
      signal: options.signal,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs,
    });
  }

  /**
   * The whole answer as text, over undici's dispatch API: no Readable body, no AbortSignal
   * and its listeners, no stream machinery per request (the non-streamed gateway path).
   * Rejects with undici's errors (timeouts, connection, `UND_ERR_ABORTED` once `abort` fires).
   */
  fetchText(req: UpstreamRequest, options: Omit<UpstreamCallOptions, 'signal'>, abort?: ClientAbort): Promise<UpstreamText> {
    return new Promise<UpstreamText>((resolve, reject) => {
      if (abort?.aborted) return reject(new errors.RequestAbortedError());
      const chunks: Buffer[] = [];
      let statusCode = 0;
      let retryAfter: string | undefined;
      const handler: Dispatcher.DispatchHandler = {
        onRequestStart: (controller) => cancelWith(abort, controller),
        onResponseStart: (_controller, status, headers) => {
          statusCode = status;
          if (status >= 400) retryAfter = retryAfterOf(headers);
        },
        onResponseData: (_controller, chunk) => {
          chunks.push(chunk);
        },
        onResponseEnd: () => {
          abort?.onAbort(null);
          resolve({ statusCode, retryAfter, text: chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8') });
        },
        onResponseError: (_controller, error) => {
          abort?.onAbort(null);
          reject(error);
        },
      };
      this.dispatch(req, options, handler);
    });
  }

  /**
   * A streamed answer over undici's dispatch API: resolves once the status and headers are
   * in, then yields the body's chunks (see ChunkQueue). Same errors as `fetchText`.
   */
  fetchStream(req: UpstreamRequest, options: Omit<UpstreamCallOptions, 'signal'>, abort?: ClientAbort): Promise<UpstreamStream> {
    return new Promise<UpstreamStream>((resolve, reject) => {
      if (abort?.aborted) return reject(new errors.RequestAbortedError());
      let body: ChunkQueue | null = null;
      const handler: Dispatcher.DispatchHandler = {
        onRequestStart: (controller) => cancelWith(abort, controller),
        onResponseStart: (controller, statusCode, headers) => {
          if (statusCode < 200) return; // 1xx: the real answer follows
          body = new ChunkQueue(() => controller.abort(new errors.RequestAbortedError()));
          resolve({ statusCode, body, retryAfter: statusCode >= 400 ? retryAfterOf(headers) : undefined });
        },
        onResponseData: (_controller, chunk) => {
          body?.push(chunk);
        },
        onResponseEnd: () => {
          abort?.onAbort(null);
          body?.end();
        },
        onResponseError: (_controller, error) => {
          abort?.onAbort(null);
          if (body) body.end(error);
          else reject(error);
        },
      };
      this.dispatch(req, options, handler);
    });
  }

  private dispatch(req: UpstreamRequest, options: Omit<UpstreamCallOptions, 'signal'>, handler: Dispatcher.DispatchHandler): void {
    const { origin, path } = this.split(req.url);
    const method = req.method as Dispatcher.HttpMethod;
    this.pool(origin).dispatch({ method, path, headers: req.headers, body: req.body, headersTimeout: options.headersTimeoutMs, bodyTimeout: options.bodyTimeoutMs }, handler);
  }

  /** Origin and path of an upstream URL (parsed once per distinct URL). */
  private split(url: string): { origin: string; path: string } {
    let parts = this.urls.get(url);
    if (!parts) {
      const u = new URL(url);
      parts = { origin: u.origin, path: u.pathname + u.search };
      if (this.urls.size >= 1_000) this.urls.clear();
      this.urls.set(url, parts);
    }
    return parts;
  }

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      // Every new connection resolves the name again through the guard (DNS rebinding).
      pool = new Pool(origin, { connections: 256, keepAliveTimeout: 30_000, pipelining: 1, connect: { lookup: this.lookup } });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close().catch(() => undefined)));
  }
}
