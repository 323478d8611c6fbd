import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Dispatcher, Pool } from 'undici';
import type { UpstreamRequest } from './provider-adapter.interface';

export interface UpstreamCallOptions {
  signal?: AbortSignal;
  /** Time allowed until the response headers arrive. */
  headersTimeoutMs: number;
  /** Time allowed between two body chunks. */
  bodyTimeoutMs: number;
}

/** HTTP to providers over one keep-alive pool per origin. */
@Injectable()
export class UpstreamHttp implements OnModuleDestroy {
  private readonly pools = new Map<string, Pool>();

  request(req: UpstreamRequest, options: UpstreamCallOptions): Promise<Dispatcher.ResponseData> {
    const url = new URL(req.url);
    return this.pool(url.origin).request({
      method: req.method,
      path: url.pathname + url.search,
      headers: req.headers,
      body: req.body,
      signal: options.signal,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs,
    });
  }

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: 256, keepAliveTimeout: 30_000, pipelining: 1 });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close().catch(() => undefined)));
  }
}
