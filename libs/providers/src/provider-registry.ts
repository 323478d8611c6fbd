import { joinSecrets, type ProviderSecrets } from './provider-secrets';
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

export function toProviderConfig(p: Provider, apiKey: string | null, secrets: ProviderSecrets, defaultTimeoutMs: number): ProviderConfig {
  const { baseUrl, headers } = joinSecrets(p.baseUrl, p.headers ?? {}, secrets);
  return {
    id: p.id,
    name: p.name,
    type: p.type,
    baseUrl,
    apiKey,
    headers,
    timeoutMs: p.timeoutMs || defaultTimeoutMs,
  };
}
