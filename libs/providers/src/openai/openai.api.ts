import type { ProviderConfig, UpstreamRequest } from '../provider-adapter.interface';
import { baseUrlOf, jsonHeaders } from '../common/http';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Base URL, bearer auth and endpoints of OpenAI-shaped servers; `baseUrl` already ends in `/v1` (as the SDK takes it). */
export class OpenAiApi {
  constructor(private readonly defaultBaseUrl?: string) {}

  post(config: ProviderConfig, path: string, body: unknown): UpstreamRequest {
    return { method: 'POST', url: this.url(config, path), headers: jsonHeaders(config, this.auth(config)), body: JSON.stringify(body) };
  }

  /** The caller's JSON text as it is, with its `openai-beta` header. */
  postRaw(config: ProviderConfig, path: string, body: string, callerHeaders: Record<string, string>): UpstreamRequest {
    const beta = callerHeaders['openai-beta'];
    return { method: 'POST', url: this.url(config, path), headers: jsonHeaders(config, { ...(beta ? { 'openai-beta': beta } : {}), ...this.auth(config) }), body };
  }

  get(config: ProviderConfig, path: string): UpstreamRequest {
    return { method: 'GET', url: this.url(config, path), headers: { ...config.headers, ...this.auth(config) } };
  }

  private url(config: ProviderConfig, path: string): string {
    return baseUrlOf(config, this.defaultBaseUrl) + path;
  }

  private auth(config: ProviderConfig): Record<string, string> {
    return config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {};
  }
}
