import type { AuditRecordView } from '@gateway/contracts';
import { csvCell } from '@gateway/usage';
import type { FastifyReply } from 'fastify';

const COLUMNS: Array<keyof AuditRecordView> = ['seq', 'createdAt', 'action', 'actorUserId', 'actorKeyId', 'ip', 'userAgent', 'requestId', 'targetType', 'targetId', 'diff', 'prevHash', 'hash'];

export const auditCsvLine = (r: AuditRecordView) => COLUMNS.map((c) => csvCell(c === 'diff' ? JSON.stringify(r.diff) : r[c])).join(',') + '\n';

/**
 * The audit log as CSV, streamed as usage.csv is: the first batch read before the status line
 * (a database that is down is a 503, not an empty file), a later failure cuts the transfer.
 */
export async function sendAuditCsv(reply: FastifyReply, batches: AsyncGenerator<AuditRecordView[]>): Promise<void> {
  const first = await batches.next();
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`,
    'x-request-id': reply.request.id,
  });
  const send = async (rows: AuditRecordView[]) => {
    if (!raw.write(rows.map(auditCsvLine).join(''))) await new Promise((r) => raw.once('drain', r));
  };
  raw.write(COLUMNS.join(',') + '\n');
  try {
    if (!first.done) await send(first.value);
    for await (const rows of batches) await send(rows);
    raw.end();
  } catch (e) {
    reply.request.log.warn({ err: e }, 'audit.csv cut short');
    raw.destroy(e as Error);
  }
}
