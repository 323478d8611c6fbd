import type { ProviderConfig } from '../provider-adapter.interface';
import { ProviderError } from '../provider-error';

/** The configured base URL without trailing slashes, the default when unset; a provider without one cannot be reached. */
export function baseUrlOf(config: ProviderConfig, fallback?: string): string {
  const base = config.baseUrl?.trim() || fallback;
  if (!base) throw new ProviderError('connection', `Provider "${config.name}" has no base URL`);
  return base.replace(/\/+$/, '');
}

/** JSON headers, then the provider's own, then auth; configured headers may override the content type but not auth. */
export function jsonHeaders(config: ProviderConfig, auth: Record<string, string>): Record<string, string> {
  return { 'content-type': 'application/json', ...config.headers, ...auth };
}
