import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import type { AppConfig } from '@gateway/config';
import { isLinkLocalAddress, isMetadataHost } from '@gateway/providers';

/** Who may be called: `strict` (production) also refuses loopback and private addresses; `allowed` names are exempt. */
export interface TargetRules {
  strict: boolean;
  allowed: readonly string[];
}

export const targetRules = (config: AppConfig): TargetRules => ({ strict: config.env === 'production', allowed: config.webhooks.allowedHosts });

const PRIVATE = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16]] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10]] as const) PRIVATE.addSubnet(net, bits, 'ipv6');

/** Loopback, private, shared (CGNAT), link-local or unspecified; IPv4-mapped IPv6 counts as its IPv4. */
export function isPrivateAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^\[|\]$/g, '');
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a)?.[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a);
  const v4 = dotted ?? (hex ? [...hexToBytes(hex[1]), ...hexToBytes(hex[2])].join('.') : isIP(a) === 4 ? a : null);
  if (v4) return PRIVATE.check(v4, 'ipv4');
  return isIP(a) === 6 && PRIVATE.check(a, 'ipv6');
}

const hexToBytes = (h: string) => [parseInt(h, 16) >> 8, parseInt(h, 16) & 255];

/** Why this URL may not be a webhook, or null. Checked on create and again before each attempt. */
export function targetProblem(raw: string, rules: TargetRules): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an http or https URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'url must be an http or https URL';
  if (url.username || url.password) return 'url may not contain a user name or password';
  const host = url.hostname.toLowerCase();
  if (rules.allowed.includes(host)) return null;
  if (isMetadataHost(host)) return `url host ${host} is a link-local or cloud-metadata address`;
  if (rules.strict && (host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host))) {
    return `url host ${host} is a loopback or private address; list it in WEBHOOK_ALLOWED_HOSTS to allow it`;
  }
  return null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
type Lookup = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

/** The same rules for the addresses a name resolves to, at connect time (DNS rebinding). */
export function targetLookup(rules: TargetRules, resolve: Lookup = dnsLookup as unknown as Lookup): Lookup {
  return (hostname, options, callback) => {
    resolve(hostname, options, (err, address, family) => {
      if (err || rules.allowed.includes(hostname.toLowerCase())) return callback(err, address, family);
      const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
      const refused = addresses.find((a) => isLinkLocalAddress(a) || (rules.strict && isPrivateAddress(a)));
      if (!refused) return callback(null, address, family);
      const error: NodeJS.ErrnoException = new Error(`${hostname} resolves to a refused address (${refused}); list it in WEBHOOK_ALLOWED_HOSTS to allow it`);
      error.code = 'EREFUSEDADDRESS';
      callback(error, address, family);
    });
  };
}
