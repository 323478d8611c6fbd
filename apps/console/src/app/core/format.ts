/** Day helpers and list bodies; display formatting lives in `app/format`. */
/** `YYYY-MM-DD` of a date in UTC. */
export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

export const daysAgo = (days: number, from = new Date()): string => isoDay(new Date(from.getTime() - days * 86_400_000));

/** `T[]` or `{items: T[]}`: list endpoints answer one or the other. */
export type ListBody<T> = T[] | { items: T[] };

export const toList = <T>(body: ListBody<T>): T[] => (Array.isArray(body) ? body : body.items);
