import { Injectable } from '@nestjs/common';
import type { HealthStatus } from '@gateway/contracts';
import { GatewayMetrics } from '@gateway/metrics';
import { ProviderError, ProvidersService, type RuntimeProvider } from '@gateway/providers';
import { QUEUES, type JobPayloads } from '@gateway/queue';
import type { JobProcessor } from '../job-processor';

/** Slower than this counts as degraded. */
const SLOW_MS = 2000;

/** Probe providers with a cheap call (model discovery) and record up / degraded / down. */
@Injectable()
export class ProviderHealthProcessor implements JobProcessor<'provider-health'> {
  readonly queue = QUEUES.providerHealth;

  constructor(
    private readonly providers: ProvidersService,
    private readonly metrics: GatewayMetrics,
  ) {}

  async process(data: JobPayloads['provider-health']) {
    await this.providers.reload();
    const targets = this.providers.runtimes().filter((p) => p.enabled && (!data.providerId || p.id === data.providerId));
    const results = await Promise.all(targets.map((p) => this.probe(p)));
    return results;
  }

  async probe(p: RuntimeProvider): Promise<{ provider: string; status: HealthStatus; latencyMs: number; error: string | null }> {
    const started = performance.now();
    let status: HealthStatus = 'up';
    let error: string | null = null;
    try {
      await this.providers.discover(p);
    } catch (e) {
      error = (e as Error).message;
      // Rate limited or overloaded still answers: degraded. Anything else: down.
      status = e instanceof ProviderError && (e.kind === 'rate_limit' || e.kind === 'overloaded') ? 'degraded' : 'down';
    }
    const latencyMs = Math.round(performance.now() - started);
    if (status === 'up' && latencyMs > SLOW_MS) status = 'degraded';
    await this.providers.recordHealth(p.id, status, latencyMs, error);
    this.metrics.providerUp.labels(p.name).set(status === 'up' ? 1 : status === 'degraded' ? 0.5 : 0);
    return { provider: p.name, status, latencyMs, error };
  }
}
