/** Small display helpers shared by pages. */
export const usd = (value: number | null | undefined, digits = 2): string =>
  value === null || value === undefined ? '—' : `$${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: Math.max(digits, 6) })}`;

export const num = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : value.toLocaleString('en-US');

/** `YYYY-MM-DD` of a date in UTC. */
export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

export const daysAgo = (days: number, from = new Date()): string => isoDay(new Date(from.getTime() - days * 86_400_000));

/** `T[]` or `{items: T[]}`: list endpoints answer one or the other. */
export type ListBody<T> = T[] | { items: T[] };

export const toList = <T>(body: ListBody<T>): T[] => (Array.isArray(body) ? body : body.items);
