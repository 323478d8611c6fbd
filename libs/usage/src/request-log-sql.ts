import type { RequestLogCursor } from './request-log-cursor';

/** What a request-log query may filter on; each is optional (the route decides which it sets). */
export interface RequestLogFilter {
  from?: Date;
  to?: Date;
  userId?: string;
  /** A user named by email or id: resolved to `userId` before the query is built. */
  user?: string;
  keyId?: string;
  /** A key named by id, prefix or name: resolved to `keyIds` before the query is built. */
  key?: string;
  /** Any of these keys (a name may be shared by several). */
  keyIds?: string[];
  /** A team's id, or `none`: personal keys only. */
  teamId?: string;
  model?: string;
  provider?: string;
  providerId?: string;
  /** `ok`, `error`, a class (`4xx`) or a code (`429`), validated by the query DTO. */
  status?: string;
  minCostMicros?: number;
  minLatencyMs?: number;
  requestId?: string;
}

/**
 * Exactly the predicate of the partial index ix_usage_logs_errors, so that the planner can use
 * it: a request failed if it got an HTTP error or broke after its answer started.
 */
export const FAILED = '(l.status >= 400 OR l.error IS NOT NULL)';

type Sql = { text: string; params: unknown[] };

/** The names shown beside the ids, and the row's exact time for the next cursor. */
const NAMES = `to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_exact,
  u.email AS user_email, k.name AS key_name, t.name AS team_name`;
const JOINS = 'LEFT JOIN users u ON u.id = p.user_id LEFT JOIN api_keys k ON k.id = p.key_id LEFT JOIN teams t ON t.id = p.team_id';
const NEWEST_FIRST = 'ORDER BY p.created_at DESC, p.request_id DESC';

/**
 * One page, newest first by (created_at, request_id): the rows are picked from usage_logs alone
 * (an index walk that stops after `limit` rows, however deep the cursor), then named.
 */
export function requestLogPageSql(filter: RequestLogFilter, cursor: RequestLogCursor | null, limit: number): Sql {
  const params: unknown[] = [];
  const where = conditions(filter, params);
  if (cursor) where.push(`(l.created_at, l.request_id) < ($${params.push(cursor.at)}::timestamptz, $${params.push(cursor.id)})`);
  const text = `SELECT p.*, ${NAMES}
    FROM (SELECT * FROM usage_logs l ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY l.created_at DESC, l.request_id DESC LIMIT ${limit}) p
    ${JOINS} ${NEWEST_FIRST}`;
  return { text, params };
}

/** One request by id, if `viewer` may see it: their own, their team's as its owner, or any as an admin (null viewer). */
export function requestDetailSql(requestId: string, viewer: string | null): Sql {
  const owned = "SELECT team_id FROM team_members WHERE user_id = $2 AND role = 'owner'";
  const access = viewer === null ? '' : `AND (p.user_id = $2 OR p.team_id IN (${owned}))`;
  return {
    text: `SELECT p.*, ${NAMES} FROM usage_logs p ${JOINS} WHERE p.request_id = $1 ${access}`,
    params: viewer === null ? [requestId] : [requestId, viewer],
  };
}

function conditions(f: RequestLogFilter, params: unknown[]): string[] {
  const where: string[] = [];
  const eq = (column: string, value: unknown, cast = '') => where.push(`${column} = $${params.push(value)}${cast}`);
  if (f.from) where.push(`l.created_at >= $${params.push(f.from.toISOString())}`);
  if (f.to) where.push(`l.created_at < $${params.push(f.to.toISOString())}`);
  if (f.userId) eq('l.user_id', f.userId, '::uuid');
  if (f.keyId) eq('l.key_id', f.keyId, '::uuid');
  // One key (the usual case) keeps the (key_id, created_at) index walk; several take ANY.
  if (f.keyIds?.length === 1) eq('l.key_id', f.keyIds[0], '::uuid');
  else if (f.keyIds?.length) where.push(`l.key_id = ANY($${params.push(f.keyIds)}::uuid[])`);
  if (f.teamId === 'none') where.push('l.team_id IS NULL');
  else if (f.teamId) eq('l.team_id', f.teamId, '::uuid');
  if (f.model) eq('l.model', f.model);
  if (f.provider) eq('l.provider', f.provider);
  if (f.providerId) eq('l.provider_id', f.providerId, '::uuid');
  if (f.status) where.push(statusCondition(f.status));
  if (f.minCostMicros !== undefined) where.push(`l.cost_micros >= $${params.push(f.minCostMicros)}`);
  if (f.minLatencyMs !== undefined) where.push(`l.latency_ms >= $${params.push(f.minLatencyMs)}`);
  if (f.requestId) eq('l.request_id', f.requestId);
  return where;
}

/** Literal SQL (the filter is validated to `ok`, `error`, `Nxx` or `NNN`), so a partial index can match it. */
function statusCondition(status: string): string {
  if (status === 'ok') return 'l.status < 400 AND l.error IS NULL';
  if (status === 'error') return FAILED;
  const n = Number(status[0]);
  if (status.endsWith('xx')) return `l.status >= ${n * 100} AND l.status < ${(n + 1) * 100}`;
  return `l.status = ${Number(status)}`;
}
