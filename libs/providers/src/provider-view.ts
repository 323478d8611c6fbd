import type { ProviderHealthCheckView, ProviderView } from '@gateway/contracts';
import type { Provider } from './entities/provider.entity';
import type { ProviderHealthCheck } from './entities/provider-health-check.entity';

export function toProviderView(p: Provider): ProviderView {
  return {
    id: p.id,
    name: p.name,
    type: p.type,
    baseUrl: p.baseUrl,
    apiKey: p.apiKeyMask,
    headers: maskHeaders(p.headers),
    timeoutMs: p.timeoutMs,
    enabled: p.enabled,
    health: p.healthStatus,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function toCheckView(c: ProviderHealthCheck): ProviderHealthCheckView {
  return { status: c.status, latencyMs: c.latencyMs, error: c.error, checkedAt: c.checkedAt.toISOString() };
}

/** Header values may be credentials too (e.g. an extra auth header): show only their tail. */
function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, /auth|key|token|secret/i.test(k) ? `…${String(v).slice(-4)}` : v]));
}

/** What the audit log keeps of a provider: its view (masks only, never a secret), without health and times. */
export function providerAudit(p: Provider) {
  const { apiKey, createdAt: _c, updatedAt: _u, health: _h, ...rest } = toProviderView(p);
  return { ...rest, apiKeyMask: apiKey };
}
