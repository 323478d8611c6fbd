import type { HealthStatus } from '@gateway/contracts';
import type { Provider } from './entities/provider.entity';
import type { ProviderAdapter, ProviderConfig } from './provider-adapter.interface';
import type { UpstreamTransport } from './upstream-transport';

/** A provider as the hot path uses it: decrypted config, adapter, and live state. */
export interface RuntimeProvider {
  id: string;
  name: string;
  enabled: boolean;
  health: HealthStatus;
  config: ProviderConfig;
  adapter: ProviderAdapter;
  /** How its calls are carried (HTTP, or in process for the mock). */
  transport: UpstreamTransport;
  /** Circuit breaker: skipped until this time (ms) after repeated failures. */
  openUntil: number;
  consecutiveFailures: number;
}

export function toProviderConfig(p: Provider, apiKey: string | null, defaultTimeoutMs: number): ProviderConfig {
  return {
    id: p.id,
    name: p.name,
    type: p.type,
    baseUrl: p.baseUrl,
    apiKey,
    headers: p.headers ?? {},
    timeoutMs: p.timeoutMs || defaultTimeoutMs,
  };
}
