import type { ProviderConfig, UpstreamRequest } from '../provider-adapter.interface';
import { baseUrlOf, jsonHeaders } from '../common/http';

export const GEMINI_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';

/** The host, whether the admin entered it with or without the API version. */
function root(config: ProviderConfig): string {
  return baseUrlOf(config, GEMINI_DEFAULT_BASE_URL).replace(/\/v1(beta)?$/, '');
}

function auth(config: ProviderConfig): Record<string, string> {
  return config.apiKey ? { 'x-goog-api-key': config.apiKey } : {};
}

/** Gemini model ids are used bare here; the API puts them under `models/`. */
export function bareModel(model: string): string {
  return model.replace(/^models\//, '');
}

export function geminiModelPost(config: ProviderConfig, model: string, method: string, body: unknown): UpstreamRequest {
  const url = `${root(config)}/v1beta/models/${encodeURIComponent(bareModel(model))}:${method}`;
  return { method: 'POST', url, headers: jsonHeaders(config, auth(config)), body: JSON.stringify(body) };
}

export function geminiModelsGet(config: ProviderConfig): UpstreamRequest {
  return { method: 'GET', url: `${root(config)}/v1beta/models?pageSize=1000`, headers: { ...config.headers, ...auth(config) } };
}
