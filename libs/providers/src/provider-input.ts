import { BadRequestException } from '@nestjs/common';
import { isMetadataHost } from './network-guard';

/** A base URL the provider may be saved with: required but for mock, within the allow-list, never link-local or metadata. */
export function checkBaseUrl(allowed: string[] | null, type: string, baseUrl?: string | null): void {
  if (type === 'mock') return;
  if (!baseUrl) throw new BadRequestException([`baseUrl is required for type ${type}`]);
  const host = new URL(baseUrl).hostname;
  if (allowed && !allowed.some((h) => host === h || (h.startsWith('*.') && host.endsWith(h.slice(1))))) {
    throw new BadRequestException([`baseUrl host ${host} is not in PROVIDER_ALLOWED_HOSTS`]);
  }
  // Link-local and cloud-metadata targets hand out instance credentials: refused unless listed by name.
  if (isMetadataHost(host) && !allowed?.includes(host)) {
    throw new BadRequestException([`baseUrl host ${host} is a link-local or cloud-metadata address; list it in PROVIDER_ALLOWED_HOSTS to allow it`]);
  }
}

/** Custom headers as stored: valid names (lower-cased) with single-line string values. */
export function checkHeaders(headers?: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (!/^[A-Za-z0-9-]{1,100}$/.test(k) || typeof v !== 'string' || v.length > 2000 || /[\r\n]/.test(v)) {
      throw new BadRequestException([`headers.${k} must be a header name with a string value`]);
    }
    out[k.toLowerCase()] = v;
  }
  return out;
}
