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

export function anthropicGet(config: ProviderConfig, path: string): UpstreamRequest {
  return { method: 'GET', url: url(config, path), headers: { ...config.headers, ...authHeaders(config) } };
}
