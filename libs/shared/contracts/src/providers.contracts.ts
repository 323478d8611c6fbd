export type ProviderType = 'openai' | 'anthropic' | 'gemini' | 'ollama' | 'openai-compatible' | 'mock';
export const PROVIDER_TYPES: readonly ProviderType[] = ['openai', 'anthropic', 'gemini', 'ollama', 'openai-compatible', 'mock'];

export interface CreateProviderRequest {
  name: string;
  type: ProviderType;
  baseUrl?: string;
  apiKey?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  enabled?: boolean;
}

export type UpdateProviderRequest = Partial<CreateProviderRequest>;

export type HealthStatus = 'up' | 'degraded' | 'down' | 'unknown';

export interface ProviderView {
  id: string;
  name: string;
  type: ProviderType;
  baseUrl: string | null;
  /** Masked (`sk-…abcd`), or null when no key is set. Never the key itself. */
  apiKey: string | null;
  headers: Record<string, string>;
  timeoutMs: number;
  enabled: boolean;
  health: HealthStatus;
  createdAt: string;
  updatedAt: string;
}

export interface ProviderHealthCheckView {
  status: HealthStatus;
  latencyMs: number | null;
  error: string | null;
  checkedAt: string;
}

export interface ProviderHealthView {
  providerId: string;
  status: HealthStatus;
  latest: ProviderHealthCheckView | null;
  history: ProviderHealthCheckView[];
}

export interface ProviderTestResult {
  ok: boolean;
  latencyMs: number;
  status?: number;
  model?: string;
  error?: string;
}

export interface DiscoveredModel {
  id: string;
  ownedBy?: string;
}

export interface ProviderModelsView {
  providerId: string;
  models: DiscoveredModel[];
  fetchedAt: string;
  cached: boolean;
}
