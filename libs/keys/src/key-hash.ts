import { hash, randomBytes } from 'node:crypto';

export const KEY_PREFIX = 'gw-';

/** A new plaintext key: `gw-` + 32 random bytes, base64url. */
export const generateApiKey = () => `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;

/**
 * Keys are high-entropy random strings, so a fast unsalted SHA-256 is the right lookup hash.
 * The one-shot `hash` (no Hash object): ~0.25 µs against ~1 µs, on every gateway request.
 */
export const hashApiKey = (key: string) => hash('sha256', key, 'hex');

export const looksLikeApiKey = (token: string) => token.startsWith(KEY_PREFIX);
