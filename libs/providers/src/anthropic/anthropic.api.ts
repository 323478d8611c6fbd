import type { ProviderConfig, UpstreamRequest } from '../provider-adapter.interface';
import { baseUrlOf, jsonHeaders } from '../common/http';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_VERSION = '2023-06-01';

function authHeaders(config: ProviderConfig): Record<string, string> {
  return { ...(config.apiKey ? { 'x-api-key': config.apiKey } : {}), 'anthropic-version': config.headers['anthropic-version'] ?? ANTHROPIC_VERSION };
}

/** `baseUrl` is the host (as the SDK takes it); a trailing `/v1` is tolerated. */
function url(config: ProviderConfig, path: string): string {
  return baseUrlOf(config, ANTHROPIC_DEFAULT_BASE_URL).replace(/\/v1$/, '') + path;
}

export function anthropicPost(config: ProviderConfig, path: string, body: unknown): UpstreamRequest {
  return { method: 'POST', url: url(config, path), headers: jsonHeaders(config, authHeaders(config)), body: JSON.stringify(body) };
}

/**
 * The caller's JSON text as it is, with its `anthropic-version` (else the provider's, else the
 * default) and its `anthropic-beta` flags added to any the provider is configured with.
 */
export function anthropicPostRaw(config: ProviderConfig, path: string, body: string, callerHeaders: Record<string, string>): UpstreamRequest {
  const auth = authHeaders(config);
  const version = callerHeaders['anthropic-version'];
  if (version) auth['anthropic-version'] = version;
  const betas = [config.headers['anthropic-beta'], callerHeaders['anthropic-beta']].filter(Boolean);
  if (betas.length) auth['anthropic-beta'] = betas.join(',');
  return { method: 'POST', url: url(config, path), headers: jsonHeaders(config, auth), body };
}

export function anthropicGet(config: ProviderConfig, path: string): UpstreamRequest {
  return { method: 'GET', url: url(config, path), headers: { ...config.headers, ...authHeaders(config) } };
}
