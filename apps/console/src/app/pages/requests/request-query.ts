import { keyPrefixOf } from '@gateway/contracts';
import { rangeProblem } from '../../core/date-range';

/** The request log's filters as the page holds them (and as they sit in its URL). */
export interface RequestFilters {
  from: string;
  to: string;
  /** A user's email or id (the API's `user`). */
  user: string;
  /** A key's name, prefix or id (the API's `key`). */
  key: string;
  model: string;
  provider: string;
  status: string;
  minCostUsd: string;
  requestId: string;
}

export const NO_FILTERS: RequestFilters = { from: '', to: '', user: '', key: '', model: '', provider: '', status: '', minCostUsd: '', requestId: '' };

/** Longer than a prefix and shaped like a key: a pasted secret, cut to its prefix so it never lands in a URL. */
const KEY_SECRET = /^gw-[A-Za-z0-9_-]{15,}$/;
export const keyFilter = (text: string): string => {
  const t = text.trim();
  return KEY_SECRET.test(t) ? keyPrefixOf(t) : t;
};

export const STATUS_CHOICES: { value: string; label: string }[] = [
  { value: '', label: 'Any status' },
  { value: 'ok', label: 'Succeeded' },
  { value: 'error', label: 'Failed' },
  { value: '4xx', label: '4xx (refused)' },
  { value: '5xx', label: '5xx (upstream or gateway)' },
  { value: '429', label: '429 (rate limited)' },
];

/** Why the filters cannot be asked for, or null. */
export function filterProblem(f: RequestFilters): string | null {
  const range = rangeProblem(f.from, f.to);
  if (range) return range;
  if (f.minCostUsd && !(Number(f.minCostUsd) >= 0)) return 'Minimum cost must be an amount of 0 or more';
  return null;
}

/** The API's query: only the filters that are set (trimmed), plus the page's cursor. */
export function requestParams(f: RequestFilters, cursor: string | null, limit: number): Record<string, string | number> {
  const params: Record<string, string | number> = { limit };
  for (const [name, value] of Object.entries(f) as [keyof RequestFilters, string][]) {
    const v = value.trim();
    if (v) params[name] = v;
  }
  if (cursor) params['cursor'] = cursor;
  return params;
}

/** Filters from the page's URL (unknown parameters ignored; links may name a user or key by id). */
export function filtersFrom(query: Record<string, string | undefined>): RequestFilters {
  const f = { ...NO_FILTERS, user: query['userId'] ?? '', key: query['keyId'] ?? '' };
  for (const name of Object.keys(NO_FILTERS) as (keyof RequestFilters)[]) {
    const value = query[name];
    if (typeof value === 'string') f[name] = value;
  }
  return f;
}

/** `200`, or the class a status belongs to, as the badge reads it. */
export function statusTone(status: number, error: string | null): 'ok' | 'bad' | 'warn' {
  if (status >= 500 || (status < 400 && error)) return 'bad';
  if (status >= 400) return 'warn';
  return 'ok';
}
