import { formatDate } from '@angular/common';
import { NONE } from './money';

/** The console's one date style: `3 Dec 2026, 14:05`, or `3 Dec 2026` without the time. */
export const DATE_TIME_FORMAT = 'd MMM y, HH:mm';
export const DATE_FORMAT = 'd MMM y';

export type DateInput = string | number | Date | null | undefined;

const toTime = (value: DateInput): number | null => {
  if (value === null || value === undefined || value === '') return null;
  const time = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  return Number.isNaN(time) ? null : time;
};

/** `withTime` false drops the time; `timeZone` (e.g. `UTC`) for moments defined in one zone, like budget resets. */
export function formatWhen(value: DateInput, withTime = true, locale = 'en-US', timeZone?: string): string {
  const time = toTime(value);
  if (time === null) return NONE;
  return formatDate(time, withTime ? DATE_TIME_FORMAT : DATE_FORMAT, locale, timeZone);
}

const UNITS: [limitSeconds: number, seconds: number, unit: string][] = [
  [3600, 60, 'min'],
  [86_400, 3600, 'h'],
  [7 * 86_400, 86_400, 'day'],
];

/** `just now`, `5 min ago`, `3 h ago`, `2 days ago` (or `in …`); a week or more away reads as the date. */
export function formatAgo(value: DateInput, now: number = Date.now(), locale = 'en-US'): string {
  const time = toTime(value);
  if (time === null) return NONE;
  const seconds = Math.round((now - time) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  const unit = UNITS.find(([limit]) => abs < limit);
  if (!unit) return formatWhen(time, false, locale);
  const count = Math.max(1, Math.floor(abs / unit[1]));
  const label = unit[2] === 'day' && count > 1 ? 'days' : unit[2];
  return seconds > 0 ? `${count} ${label} ago` : `in ${count} ${label}`;
}
