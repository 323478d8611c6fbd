import type { ProviderConfig, UpstreamRequest } from '../provider-adapter.interface';
import { baseUrlOf, jsonHeaders } from '../common/http';

export const OLLAMA_DEFAULT_BASE_URL = 'http://localhost:11434';

/** The host; admins sometimes paste the `/api` or OpenAI-compatible `/v1` URL instead. */
function root(config: ProviderConfig): string {
  return baseUrlOf(config, OLLAMA_DEFAULT_BASE_URL).replace(/\/(api|v1)$/, '');
}

/** Ollama has no auth of its own; a key is sent as a bearer token for proxies in front of it. */
function auth(config: ProviderConfig): Record<string, string> {
  return config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {};
}

export function ollamaPost(config: ProviderConfig, path: string, body: unknown): UpstreamRequest {
  return { method: 'POST', url: root(config) + path, headers: jsonHeaders(config, auth(config)), body: JSON.stringify(body) };
}

export function ollamaGet(config: ProviderConfig, path: string): UpstreamRequest {
  return { method: 'GET', url: root(config) + path, headers: { ...config.headers, ...auth(config) } };
}
