export const REDACTED = '[redacted]';

// Names whose values are credentials: anything with secret, password, credential, cookie,
// authorization or signature in it, or whose last word is key, token or hash (apiKey, x-api-key,
// refreshToken, keyHash; not keyId, prefix or longContextThresholdTokens).
const SECRET_NAME = /secret|passw|credential|cookie|authori[sz]ation|signature|(?:^|[-_a-z0-9])(?:key|token|hash|enc)$/i;
// Values that are credentials whatever they are called (a mask such as `sk-…abcd` is not).
const SECRET_VALUE = /^(?:bearer|basic)\s+\S|^(?:sk|whsec|gw)[-_][^…]{12,}$/i;

/** A copy of `value` fit for the audit log: secrets replaced, dates as ISO text, no undefined, no NUL. */
export function redact(value: unknown, name = ''): unknown {
  if (value === undefined) return undefined;
  if (name && SECRET_NAME.test(name) && value !== null) return REDACTED;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return SECRET_VALUE.test(value) ? REDACTED : value.replace(/\u0000/g, '');
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return typeof value === 'number' && !Number.isFinite(value) ? null : value;
  if (Array.isArray(value)) return value.map((v) => redact(v) ?? null);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const clean = redact(v, k);
    if (clean !== undefined) out[k] = clean;
  }
  return out;
}

/** Before and after of a change, redacted, keeping only the fields that differ (both sides whole for a create or a delete). */
export function auditDiff(before?: object | null, after?: object | null): { before?: Record<string, unknown>; after?: Record<string, unknown> } {
  const b = before ? (redact(before) as Record<string, unknown>) : undefined;
  const a = after ? (redact(after) as Record<string, unknown>) : undefined;
  if (!b || !a) return { ...(b && { before: b }), ...(a && { after: a }) };
  const changed = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  return { before: pick(b, changed), after: pick(a, changed) };
}

const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
