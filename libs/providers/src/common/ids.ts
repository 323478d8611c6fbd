import { randomBytes } from 'node:crypto';

/** A random id with a provider-style prefix (`chatcmpl-…`, `call_…`, `msg_…`). */
export function newId(prefix: string): string {
  return prefix + randomBytes(12).toString('base64url');
}

/** Unix seconds, as OpenAI's `created`. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
