import { createHash, randomBytes } from 'node:crypto';

export const KEY_PREFIX = 'gw-';

/** A new plaintext key: `gw-` + 32 random bytes, base64url. */
export const generateApiKey = () => `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;

/** Keys are high-entropy random strings, so a fast unsalted SHA-256 is the right lookup hash. */
export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

export const looksLikeApiKey = (token: string) => token.startsWith(KEY_PREFIX);
