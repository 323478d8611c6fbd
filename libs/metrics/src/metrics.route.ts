import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import type { FastifyInstance } from 'fastify';
import { GatewayMetrics } from './gateway-metrics.service';

/** `GET /metrics` in Prometheus text format; behind `Authorization: Bearer METRICS_TOKEN` when that is set. */
@Injectable()
export class MetricsRoute {
  /** Called just before a scrape, e.g. to refresh queue depths. */
  private readonly collectors: Array<() => Promise<void>> = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: GatewayMetrics,
  ) {}

  addCollector(fn: () => Promise<void>) {
    this.collectors.push(fn);
  }

  register(fastify: FastifyInstance) {
    fastify.get('/metrics', async (req, reply) => {
      const token = this.config.metrics.token;
      if (token) {
        const given = Buffer.from(String(req.headers.authorization ?? ''));
        const wanted = Buffer.from(`Bearer ${token}`);
        if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return reply.status(401).send({ statusCode: 401, error: 'Unauthorized', message: 'A valid metrics token is required' });
      }
      await Promise.all(this.collectors.map((c) => c().catch(() => undefined)));
      return reply.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
    });
  }
}
