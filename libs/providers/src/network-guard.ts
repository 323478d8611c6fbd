import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';

const METADATA_NAMES = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

/**
 * Link-local IPv4 (169.254.0.0/16, where clouds serve instance metadata), link-local IPv6
 * (fe80::/10, and the same IPv4 range mapped into IPv6) and the metadata host names. The URL
 * parser has already brought other spellings (decimal, hex, short forms) to the canonical ones.
 * Loopback and private ranges stay allowed: a local Ollama or vLLM is the common case.
 */
export function isMetadataHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (METADATA_NAMES.has(host)) return true;
  if (/^169\.254\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  if (!host.startsWith('[')) return false;
  // The parser writes IPv6 in its shortest form: fe80::/10 leads with fe80–febf, mapped IPv4 as ::ffff:a9fe:….
  return /^\[fe[89ab][0-9a-f]:/.test(host) || /^\[::ffff:a9fe:[0-9a-f]{1,4}\]$/.test(host);
}

/** A resolved address (as dns.lookup gives it) in a link-local range. */
export function isLinkLocalAddress(address: string): boolean {
  const a = address.toLowerCase();
  if (isIP(a) === 4) return a.startsWith('169.254.');
  return /^fe[89ab][0-9a-f]:/.test(a) || /^::ffff:169\.254\./.test(a) || /^::ffff:a9fe:/.test(a);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
type Lookup = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

/**
 * A `lookup` for upstream connections that refuses names resolving to link-local addresses at
 * connect time, so a name that passed the base-URL check cannot be pointed at the metadata
 * service later (DNS rebinding). Names listed exactly in `allowed` are let through.
 */
export function guardedLookup(allowed: readonly string[] | null, resolve: Lookup = dnsLookup as unknown as Lookup): Lookup {
  return (hostname, options, callback) => {
    resolve(hostname, options, (err, address, family) => {
      if (err) return callback(err, address, family);
      const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
      if (!allowed?.includes(hostname) && addresses.some(isLinkLocalAddress)) {
        const refused: NodeJS.ErrnoException = new Error(`${hostname} resolves to a link-local address (${addresses.join(', ')}): refused; list it in PROVIDER_ALLOWED_HOSTS to allow it`);
        refused.code = 'ELINKLOCAL';
        return callback(refused, address, family);
      }
      callback(null, address, family);
    });
  };
}
