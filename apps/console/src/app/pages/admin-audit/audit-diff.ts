import type { AuditRecordView } from '@gateway/contracts';
import { formatMoney } from '../../format';

/** One line of a record's change: a field (dotted for nested ones) with its value before and after. */
export interface DiffLine {
  field: string;
  /** null: the field was not there (created) or is not recorded on that side. */
  before: string | null;
  after: string | null;
  change: 'added' | 'removed' | 'changed' | 'unchanged';
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => !!value && typeof value === 'object' && !Array.isArray(value);

/** A value as an admin reads it: strings bare, an empty one quoted, lists of words joined, the rest as compact JSON. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    return value.length ? value.join(', ') : '(none)';
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Money is stored in micro-dollars (`amountMicros`, `budgetMicros`): shown in dollars. */
const fieldValue = (field: string, value: unknown): string =>
  /Micros$/.test(field) && typeof value === 'number' ? `${formatMoney(value / 1_000_000, 'full')} (${value} µ$)` : displayValue(value);

/** Nested objects become dotted paths (`budget.period`); arrays and scalars are leaves. */
export function flatten(value: Json, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isObject(inner) && Object.keys(inner).length) flatten(inner, path).forEach((v, k) => out.set(k, v));
    else out.set(path, inner);
  }
  return out;
}

/**
 * The record's `before` / `after` side by side, field by field, in the order the record lists
 * them. A field on one side only was added (a creation) or removed (a deletion).
 */
export function diffLines(diff: AuditRecordView['diff']): DiffLine[] {
  const before = flatten(diff.before ?? {});
  const after = flatten(diff.after ?? {});
  const fields = [...new Set([...before.keys(), ...after.keys()])];
  return fields.map((field) => {
    const b = before.has(field) ? fieldValue(field, before.get(field)) : null;
    const a = after.has(field) ? fieldValue(field, after.get(field)) : null;
    const change = b === null ? 'added' : a === null ? 'removed' : a === b ? 'unchanged' : 'changed';
    return { field, before: b, after: a, change };
  });
}

/** The record's context (`detail`: e.g. the email a failed login tried), as field and value. */
export const detailLines = (diff: AuditRecordView['diff']): Array<{ field: string; value: string }> =>
  [...flatten(diff.detail ?? {})].map(([field, value]) => ({ field, value: fieldValue(field, value) }));

/**
 * Who acted, as the table shows it: the user's email (else id; none for a failed login or the
 * gateway's own jobs) and the key used, if any.
 */
export function actorLabel(r: Pick<AuditRecordView, 'actorUserId' | 'actorEmail' | 'actorKeyId' | 'actorKeyName' | 'actorKeyPrefix'>): {
  user: string;
  key: string | null;
} {
  const user = r.actorEmail ?? r.actorUserId ?? '—';
  if (!r.actorKeyId) return { user, key: null };
  const key = r.actorKeyName ? `key ${r.actorKeyName}${r.actorKeyPrefix ? ` (${r.actorKeyPrefix}…)` : ''}` : `key ${r.actorKeyId}`;
  return { user, key };
}
