import { formatNumber } from '@angular/common';

/** A real minus sign, so `−$0.50` never reads as a dash or splits from its number. */
export const MINUS = '\u2212';
export const NONE = '—';

/**
 * Fixed decimals; `full`: every micro-dollar the API keeps (2 to 6 decimals); `auto`: enough
 * for two significant digits, for a figure standing alone (a column uses `moneyDigits` instead).
 */
export type MoneyDigits = number | 'full' | 'auto';

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** `$1,234.50`, `−$0.000022`; the sign goes before the symbol and a value that rounds to zero has none. */
export function formatMoney(value: number | null | undefined, digits: MoneyDigits = 2, locale = 'en-US'): string {
  if (!isNumber(value)) return NONE;
  const fixed = digits === 'auto' ? moneyDigits([value]) : digits;
  const [min, max] = fixed === 'full' ? [2, 6] : [fixed, fixed];
  const abs = formatNumber(Math.abs(value), locale, `1.${min}-${max}`);
  const sign = value < 0 && /[1-9]/.test(abs) ? MINUS : '';
  return `${sign}$${abs}`;
}

/**
 * The decimals one column needs so each value shows `significant` digits, clamped to
 * `[min, max]`: the whole column then uses that many, so its figures line up.
 */
export function moneyDigits(values: readonly (number | null | undefined)[], significant = 2, min = 2, max = 6): number {
  let digits = min;
  for (const value of values) {
    if (!isNumber(value) || value === 0) continue;
    const needed = Math.ceil(-Math.log10(Math.abs(value))) + significant - 1;
    digits = Math.max(digits, needed);
  }
  return Math.min(digits, max);
}

/** Whole counts (tokens, requests, ms) with thousands separators. */
export function formatCount(value: number | null | undefined, locale = 'en-US'): string {
  if (!isNumber(value)) return NONE;
  const abs = formatNumber(Math.abs(value), locale, '1.0-0');
  return value < 0 && abs !== '0' ? `${MINUS}${abs}` : abs;
}
