import { BadRequestException } from '@nestjs/common';

/**
 * SQL for "usage in a range": complete past days come from usage_daily (fast however long
 * the history), everything else (today, days not yet rolled up, partial days at the range's
 * edges) from the raw usage_logs. Both halves yield the same columns.
 */
export interface UsageFilter {
  from: Date;
  to: Date;
  userId?: string;
  keyId?: string;
  teamId?: string;
  model?: string;
}

export function usageSource(f: UsageFilter, params: unknown[]): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const from = p(f.from.toISOString());
  const to = p(f.to.toISOString());
  const dailyWhere = [`d.day >= (${from}::timestamptz AT TIME ZONE 'UTC')::date`, `d.day + 1 <= (${to}::timestamptz AT TIME ZONE 'UTC')::date`, 'a.day IS NOT NULL'];
  const rawWhere = [`l.created_at >= ${from}`, `l.created_at < ${to}`];
  if (f.userId) {
    const v = p(f.userId);
    dailyWhere.push(`d.user_id = ${v}`);
    rawWhere.push(`l.user_id = ${v}`);
  }
  if (f.keyId) {
    const v = p(f.keyId);
    dailyWhere.push(`d.key_id = ${v}`);
    rawWhere.push(`l.key_id = ${v}::uuid`);
  }
  if (f.teamId === 'none') {
    dailyWhere.push(`d.team_id = ''`);
    rawWhere.push('l.team_id IS NULL');
  } else if (f.teamId) {
    const v = p(f.teamId);
    dailyWhere.push(`d.team_id = ${v}`);
    rawWhere.push(`l.team_id = ${v}::uuid`);
  }
  if (f.model) {
    const v = p(f.model);
    dailyWhere.push(`d.model = ${v}`);
    rawWhere.push(`l.model = ${v}`);
  }
  return `(
    SELECT d.day, d.user_id, NULLIF(d.key_id, '') AS key_id, NULLIF(d.team_id, '') AS team_id, d.model, d.provider, d.user_tier, d.requests, d.errors,
           d.prompt_tokens, d.completion_tokens, d.cache_read_tokens, d.cache_write_tokens, d.reasoning_tokens, d.cost_micros, d.cache_savings_micros
    FROM usage_daily d LEFT JOIN usage_aggregated_days a ON a.day = d.day
    WHERE ${dailyWhere.join(' AND ')}
    UNION ALL
    SELECT (l.created_at AT TIME ZONE 'UTC')::date, l.user_id, l.key_id::text, l.team_id::text, l.model, COALESCE(l.provider, ''), COALESCE(l.user_tier, ''),
           1, CASE WHEN l.status >= 400 OR l.error IS NOT NULL THEN 1 ELSE 0 END, l.prompt_tokens, l.completion_tokens,
           l.cache_read_tokens, l.cache_write_tokens, l.reasoning_tokens, l.cost_micros, l.cache_savings_micros
    FROM usage_logs l
    WHERE ${rawWhere.join(' AND ')}
      AND NOT EXISTS (
        SELECT 1 FROM usage_aggregated_days a2
        WHERE a2.day = (l.created_at AT TIME ZONE 'UTC')::date
          AND a2.day >= (${from}::timestamptz AT TIME ZONE 'UTC')::date
          AND a2.day + 1 <= (${to}::timestamptz AT TIME ZONE 'UTC')::date)
  ) AS u`;
}

const DAY_MS = 86_400_000;

/** Default range: the last 30 days up to now. */
export function rangeOf(from?: string, to?: string): { from: Date; to: Date } {
  refuseBackwards(from, to);
  const end = to ? endOf(to) : new Date(Date.now() + 1000);
  const start = from ? new Date(from) : new Date(end.getTime() - 30 * DAY_MS);
  return { from: start, to: end };
}

/** A `from` after the `to` given (as given: `from=2026-05-02&to=2026-05-01` although May 1st is included whole) is a 400. */
export function refuseBackwards(from?: string, to?: string): void {
  if (from && to && new Date(from) > new Date(to)) throw new BadRequestException(['from must be before to']);
}

/** A bare date (`2026-11-01`) as an upper bound means the whole of that day. */
export function endOf(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(new Date(value).getTime() + DAY_MS) : new Date(value);
}
