import type { UsageRowView } from '@gateway/contracts';

export const CSV_COLUMNS: Array<keyof UsageRowView> = [
  'createdAt', 'requestId', 'keyId', 'model', 'provider', 'upstreamModel', 'endpoint', 'stream', 'status',
  'promptTokens', 'completionTokens', 'costUsd', 'latencyMs', 'ttftMs', 'error',
  // Added later: at the end, so existing consumers keep their column positions.
  'cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens', 'usageSource', 'cacheSavingsUsd',
];

/** RFC 4180 quoting; cells starting with = + - @ are prefixed so spreadsheets do not run them as formulas. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s) && typeof value === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvHeader = () => CSV_COLUMNS.join(',') + '\n';
export const csvLine = (row: UsageRowView) => CSV_COLUMNS.map((c) => csvCell(row[c])).join(',') + '\n';
