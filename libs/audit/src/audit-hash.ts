import { createHash } from 'node:crypto';

/** The previous hash of the very first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a record's hash covers: every column but the hash itself. */
export interface HashedFields {
  seq: number;
  createdAt: string;
  actorUserId: string | null;
  actorKeyId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  diff: unknown;
  prevHash: string;
}

/**
 * JSON with object keys sorted at every level and no whitespace: the same value always gives the
 * same text, whatever order PostgreSQL's jsonb hands the keys back in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

export const auditHash = (fields: HashedFields): string => createHash('sha256').update(canonicalJson(fields)).digest('hex');
