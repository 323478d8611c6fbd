import type { UsageRowView } from '@gateway/contracts';
import type { FastifyReply } from 'fastify';

export const CSV_COLUMNS: Array<keyof UsageRowView> = [
  'createdAt', 'requestId', 'keyId', 'model', 'provider', 'upstreamModel', 'endpoint', 'stream', 'status',
  'promptTokens', 'completionTokens', 'costUsd', 'latencyMs', 'ttftMs', 'error',
  // Added later: at the end, so existing consumers keep their column positions.
  'cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens', 'usageSource', 'cacheSavingsUsd', 'teamId', 'userId', 'keyName',
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

/**
 * Stream usage rows as CSV: a header line, then one line per request. The first batch is read
 * before anything is sent, so a database that is down is a 503, not an empty file; a failure
 * later cuts the response without its final chunk, which every HTTP client reports as an
 * incomplete transfer rather than a short file that looks complete.
 */
export async function sendUsageCsv(reply: FastifyReply, batches: AsyncGenerator<UsageRowView[]>): Promise<void> {
  const first = await batches.next();
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="usage-${new Date().toISOString().slice(0, 10)}.csv"`,
    'x-request-id': reply.request.id,
  });
  const send = async (rows: UsageRowView[]) => {
    if (!raw.write(rows.map(csvLine).join(''))) await new Promise((r) => raw.once('drain', r));
  };
  raw.write(csvHeader());
  try {
    if (!first.done) await send(first.value);
    for await (const rows of batches) await send(rows);
    raw.end();
  } catch (e) {
    reply.request.log.warn({ err: e }, 'usage.csv cut short');
    raw.destroy(e as Error);
  }
}
