import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { FastCounter, FastHistogram } from './fast-metrics';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const OVERHEAD_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

export interface RequestObservation {
  model: string;
  provider: string;
  endpoint: string;
  status: number;
  stream: boolean;
  totalSeconds: number;
  upstreamSeconds: number;
  ttftSeconds: number | null;
  promptTokens: number;
  completionTokens: number;
  /** Of the prompt tokens, read from and written to the provider's prompt cache. */
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  /** Of the completion tokens, spent thinking. */
  reasoningTokens?: number;
  costUsd: number;
}

/**
 * The gateway's Prometheus metrics. Labels are bounded sets (model and provider names
 * are admin-defined, status and endpoint fixed): never a user, a key or a request id.
 */
@Injectable()
export class GatewayMetrics {
  readonly registry = new Registry();
  // The per-request series: children with plain fields (see fast-metrics.ts).
  readonly requests = new FastCounter('gateway_requests_total', 'Gateway requests by model, provider, endpoint and status', ['model', 'provider', 'endpoint', 'status', 'stream'], this.registry);
  readonly duration = new FastHistogram('gateway_request_duration_seconds', 'Total time of a gateway request', ['model', 'provider', 'endpoint'], LATENCY_BUCKETS, this.registry);
  readonly upstream = new FastHistogram('gateway_upstream_duration_seconds', 'Time spent waiting on the upstream', ['model', 'provider'], LATENCY_BUCKETS, this.registry);
  readonly ttft = new FastHistogram('gateway_time_to_first_token_seconds', 'Time to the first streamed byte', ['model', 'provider'], LATENCY_BUCKETS, this.registry);
  readonly overhead = new FastHistogram('gateway_overhead_seconds', "The gateway's own time per request (total minus upstream)", ['endpoint'], OVERHEAD_BUCKETS, this.registry);
  readonly tokens = new FastCounter(
    'gateway_tokens_total',
    'Tokens by direction: in and out count every token; cache_read and cache_write are part of in, reasoning part of out',
    ['model', 'provider', 'direction'],
    this.registry,
  );
  readonly cost = new FastCounter('gateway_cost_usd_total', 'Cost charged, US dollars', ['model', 'provider'], this.registry);
  readonly rateLimited = new Counter({ name: 'gateway_rate_limited_total', help: 'Requests refused by a limit', labelNames: ['reason'], registers: [this.registry] });
  readonly providerUp = new Gauge({ name: 'gateway_provider_up', help: 'Provider health: 1 up, 0.5 degraded, 0 down', labelNames: ['provider'], registers: [this.registry] });
  readonly queueJobs = new Gauge({ name: 'gateway_queue_jobs', help: 'Background jobs by queue and state', labelNames: ['queue', 'state'], registers: [this.registry] });
  /** Read at scrape time from `unconfirmedSource` (the credit gate, once it is up). */
  unconfirmedSource: () => number = () => 0;
  readonly unconfirmedSettlements: Gauge = new Gauge({
    name: 'gateway_settlements_unconfirmed',
    help: 'Settlements this process keeps (journalled, or applied in Redis) that PostgreSQL does not have yet; growing means Redis or PostgreSQL is in trouble',
    registers: [this.registry],
    collect: (): void => this.unconfirmedSettlements.set(this.unconfirmedSource()),
  });

  /** Label children are bound once per label set, not looked up per request. */
  private readonly bound = new Map<string, ReturnType<GatewayMetrics['bind']>>();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'gateway_' });
    // prom-client names these gauges *_total, which `promtool check metrics` rejects.
    for (const name of ['active_handles_total', 'active_requests_total', 'active_resources_total']) this.registry.removeSingleMetric(`gateway_nodejs_${name}`);
  }

  observe(o: RequestObservation): void {
    const key = `${o.model}\u0000${o.provider}\u0000${o.endpoint}\u0000${o.status}\u0000${o.stream}`;
    let b = this.bound.get(key);
    if (!b) {
      b = this.bind(o.model, o.provider, o.endpoint, String(o.status), String(o.stream));
      if (this.bound.size < 10_000) this.bound.set(key, b);
    }
    b.requests.inc();
    b.duration.observe(o.totalSeconds);
    b.overhead.observe(Math.max(o.totalSeconds - o.upstreamSeconds, 0));
    if (o.upstreamSeconds > 0) b.upstream.observe(o.upstreamSeconds);
    if (o.ttftSeconds !== null) b.ttft.observe(o.ttftSeconds);
    if (o.promptTokens) b.tokensIn.inc(o.promptTokens);
    if (o.completionTokens) b.tokensOut.inc(o.completionTokens);
    if (o.cacheReadTokens) b.tokensCacheRead.inc(o.cacheReadTokens);
    if (o.cacheWriteTokens) b.tokensCacheWrite.inc(o.cacheWriteTokens);
    if (o.reasoningTokens) b.tokensReasoning.inc(o.reasoningTokens);
    if (o.costUsd) b.cost.inc(o.costUsd);
  }

  private bind(model: string, provider: string, endpoint: string, status: string, stream: string) {
    return {
      requests: this.requests.labels(model, provider, endpoint, status, stream),
      duration: this.duration.labels(model, provider, endpoint),
      overhead: this.overhead.labels(endpoint),
      upstream: this.upstream.labels(model, provider),
      ttft: this.ttft.labels(model, provider),
      tokensIn: this.tokens.labels(model, provider, 'in'),
      tokensOut: this.tokens.labels(model, provider, 'out'),
      tokensCacheRead: this.tokens.labels(model, provider, 'cache_read'),
      tokensCacheWrite: this.tokens.labels(model, provider, 'cache_write'),
      tokensReasoning: this.tokens.labels(model, provider, 'reasoning'),
      cost: this.cost.labels(model, provider),
    };
  }
}
