import type { IncomingHttpHeaders } from 'node:http';

const DROPPED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'trailer', 'proxy-authenticate', 'x-frame-options', 'content-length']);

/**
 * A tool's response headers made fit for a same-origin frame: no X-Frame-Options, a CSP's
 * `frame-ancestors` narrowed to this origin, redirects and cookies kept under `/tools/<slug>/`.
 */
export function frameableHeaders(headers: IncomingHttpHeaders, toolOrigin: string, prefix: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || DROPPED.has(name)) continue;
    if (name === 'content-security-policy') out[name] = framedPolicy(String(value));
    else if (name === 'location') out[name] = localLocation(String(value), toolOrigin, prefix);
    else if (name === 'set-cookie') out[name] = (Array.isArray(value) ? value : [value]).map((c) => scopedCookie(c, prefix));
    else out[name] = value;
  }
  return out;
}

function framedPolicy(policy: string): string {
  const directives = policy.split(';').map((d) => d.trim()).filter((d) => d && !/^frame-ancestors\b/i.test(d));
  return [...directives, "frame-ancestors 'self'"].join('; ');
}

/** A redirect to the tool's own origin (absolute or root-relative) stays inside the prefix. */
function localLocation(location: string, toolOrigin: string, prefix: string): string {
  if (location.startsWith(toolOrigin)) return `${prefix}${location.slice(toolOrigin.length) || '/'}`;
  if (location.startsWith('/') && !location.startsWith('//')) return `${prefix}${location}`;
  return location;
}

/** The tool's cookies live under its prefix, on this host: no Domain, Path inside `/tools/<slug>`. */
function scopedCookie(cookie: string, prefix: string): string {
  const [pair, ...attributes] = cookie.split(';');
  const kept = attributes.map((a) => a.trim()).filter((a) => a && !/^(domain|path)\s*=/i.test(a));
  const path = /;\s*path\s*=\s*([^;]*)/i.exec(cookie)?.[1]?.trim() ?? '/';
  return [pair.trim(), `Path=${prefix}${path.startsWith('/') ? path : `/${path}`}`, ...kept].join('; ');
}
