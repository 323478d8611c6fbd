import type { LookupAddress } from 'node:dns';
import { guardedLookup, isLinkLocalAddress, isMetadataHost } from './network-guard';

/** A resolver that answers what the test says, like dns.lookup (one address, or all with `all: true`). */
const resolver =
  (answers: Record<string, string[]>) =>
  (hostname: string, options: { all?: boolean }, cb: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    const found = answers[hostname];
    if (!found) return cb(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), '');
    if (options.all) return cb(null, found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
    cb(null, found[0], found[0].includes(':') ? 6 : 4);
  };

const run = (lookup: ReturnType<typeof guardedLookup>, host: string, all = false) =>
  new Promise<{ err: NodeJS.ErrnoException | null; address: unknown }>((resolve) => lookup(host, { all }, (err, address) => resolve({ err, address })));

describe('network guard', () => {
  const answers = { 'api.example.com': ['203.0.113.7'], 'rebound.example.com': ['169.254.169.254'], 'v6.example.com': ['2001:db8::1', 'fe80::1'], 'ollama.lan': ['192.168.1.20'] };

  it('refuses names that resolve to link-local addresses at connect time (DNS rebinding), one address or all', async () => {
    const lookup = guardedLookup(null, resolver(answers));
    expect((await run(lookup, 'api.example.com')).err).toBeNull();
    expect((await run(lookup, 'ollama.lan')).err).toBeNull();
    const rebound = await run(lookup, 'rebound.example.com');
    expect(rebound.err).toMatchObject({ code: 'ELINKLOCAL', message: expect.stringMatching(/rebound\.example\.com resolves to a link-local address \(169\.254\.169\.254\)/) });
    expect((await run(lookup, 'v6.example.com', true)).err).toMatchObject({ code: 'ELINKLOCAL' });
    expect((await run(lookup, 'missing.example.com')).err).toMatchObject({ code: 'ENOTFOUND' });
  });

  it('lets a name listed exactly in the allow-list through', async () => {
    const lookup = guardedLookup(['rebound.example.com'], resolver(answers));
    expect((await run(lookup, 'rebound.example.com')).err).toBeNull();
    // A wildcard entry allows a name through the base-URL check, not to link-local addresses.
    expect((await run(guardedLookup(['*.example.com'], resolver(answers)), 'rebound.example.com')).err).toMatchObject({ code: 'ELINKLOCAL' });
  });

  it('knows link-local addresses and metadata hosts in their usual spellings', () => {
    for (const a of ['169.254.169.254', '169.254.0.1', 'fe80::1', 'FEBF::2', '::ffff:169.254.169.254', '::ffff:a9fe:a9fe']) expect(isLinkLocalAddress(a)).toBe(true);
    for (const a of ['127.0.0.1', '10.0.0.1', '192.168.1.1', '2001:db8::1', '::1', '170.254.0.1']) expect(isLinkLocalAddress(a)).toBe(false);
    for (const h of ['metadata.google.internal', '169.254.169.254', '[fe80::1]', '[::ffff:a9fe:a9fe]', 'metadata.']) expect(isMetadataHost(h)).toBe(true);
    expect(isMetadataHost('api.openai.com')).toBe(false);
  });
});
