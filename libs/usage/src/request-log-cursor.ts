import { BadRequestException } from '@nestjs/common';

/** Where a page ended: the last row's time (exact to the microsecond, as PostgreSQL keeps it) and request id. */
export interface RequestLogCursor {
  at: string;
  id: string;
}

const EXACT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Opaque to clients: base64url of `[at, id]`. */
export const encodeCursor = (c: RequestLogCursor): string => Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');

export function decodeCursor(value: string): RequestLogCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw badCursor();
  const [at, id] = parsed;
  if (typeof at !== 'string' || !EXACT_TIME.test(at) || Number.isNaN(Date.parse(at))) throw badCursor();
  if (typeof id !== 'string' || !id || id.length > 200) throw badCursor();
  return { at, id };
}

const badCursor = () => new BadRequestException(['cursor is not one this API gave out (use the nextCursor of the previous page)']);
