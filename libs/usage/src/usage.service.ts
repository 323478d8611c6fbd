import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AdminStatsView, LeaderboardRowView, TeamLeaderboardRowView, TokenKindTotals, UsageGroupView, UsageRowView, UsageSummaryView } from '@gateway/contracts';
import { microsToUsd } from '@gateway/database';
import { DataSource } from 'typeorm';
import { toRowView } from './usage-row-view';
import { UsageFilter, usageSource } from './usage-source';

const GROUP_EXPR = {
  day: "to_char(u.day, 'YYYY-MM-DD')",
  model: 'u.model',
  key: "COALESCE(u.key_id, '')",
  team: "COALESCE(u.team_id, '')",
  provider: 'u.provider',
  tier: 'u.user_tier',
} as const;

type GroupKey = keyof typeof GROUP_EXPR;

/** A row's key name, looked up per row (a page or a CSV batch at a time). */
const KEY_NAME = '(SELECT k.name FROM api_keys k WHERE k.id = l.key_id) AS key_name';

/** The sums every report takes of the token kinds (over the `u` source of usage-source.ts). */
const KIND_SUMS = `SUM(u.cache_read_tokens) AS cache_read_tokens, SUM(u.cache_write_tokens) AS cache_write_tokens,
  SUM(u.reasoning_tokens) AS reasoning_tokens, SUM(u.cache_savings_micros) AS cache_savings_micros`;

const kinds = (r: Record<string, string>): TokenKindTotals => ({
  cacheReadTokens: Number(r.cache_read_tokens ?? 0),
  cacheWriteTokens: Number(r.cache_write_tokens ?? 0),
  reasoningTokens: Number(r.reasoning_tokens ?? 0),
  cacheSavingsUsd: microsToUsd(Number(r.cache_savings_micros ?? 0)),
});

const toGroup = (r: Record<string, string>): UsageGroupView => ({
  group: r.grp,
  requests: Number(r.requests),
  promptTokens: Number(r.prompt_tokens),
  completionTokens: Number(r.completion_tokens),
  costUsd: microsToUsd(Number(r.cost_micros)),
  ...kinds(r),
});

/** Usage reports for users and admins. */
@Injectable()
export class UsageService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async grouped(filter: UsageFilter, by: GroupKey): Promise<UsageGroupView[]> {
    const params: unknown[] = [];
    const source = usageSource(filter, params);
    const rows = await this.db.query(
      `SELECT ${GROUP_EXPR[by]} AS grp, SUM(u.requests) AS requests, SUM(u.errors) AS errors, SUM(u.prompt_tokens) AS prompt_tokens,
              SUM(u.completion_tokens) AS completion_tokens, SUM(u.cost_micros) AS cost_micros, ${KIND_SUMS}
       FROM ${source} GROUP BY 1 ORDER BY ${by === 'day' ? '1 ASC' : 'cost_micros DESC, 1 ASC'}`,
      params,
    );
    const groups: UsageGroupView[] = rows.map(toGroup);
    if (by !== 'team') return groups;
    // Teams by name as well (a deleted team keeps its id only).
    const named: Array<{ id: string; name: string }> = await this.db.query('SELECT id::text, name FROM teams WHERE id::text = ANY($1::text[])', [groups.map((g) => g.group)]);
    const names = new Map(named.map((t) => [t.id, t.name]));
    return groups.map((g) => (names.has(g.group) ? { ...g, label: names.get(g.group) } : g));
  }

  /** `admin`: whether the caller may see where requests were routed (provider, upstream model). */
  async rows(filter: UsageFilter, page: number, pageSize: number, admin: boolean): Promise<{ items: UsageRowView[]; total: number; page: number; pageSize: number }> {
    const { where, params } = rawWhere(filter);
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM usage_logs l WHERE ${where}`, params);
    const rows = await this.db.query(
      `SELECT l.*, ${KEY_NAME} FROM usage_logs l WHERE ${where}
       ORDER BY l.created_at DESC, l.request_id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      params,
    );
    return { items: rows.map((r: Record<string, any>) => toRowView(r, admin)), total, page, pageSize };
  }

  /** Raw rows oldest first, in batches (keyset pagination), for the CSV export. */
  async *allRows(filter: UsageFilter, admin: boolean, batch = 1000): AsyncGenerator<UsageRowView[]> {
    let after: { at: string; id: string } | null = null;
    for (;;) {
      const { where, params } = rawWhere(filter);
      let cond = where;
      if (after) {
        params.push(after.at, after.id);
        cond += ` AND (l.created_at, l.request_id) > ($${params.length - 1}::timestamptz, $${params.length})`;
      }
      const text = `SELECT l.*, ${KEY_NAME} FROM usage_logs l WHERE ${cond} ORDER BY l.created_at, l.request_id LIMIT ${batch}`;
      const rows = await this.db.query(text, params);
      if (!rows.length) return;
      yield rows.map((r: Record<string, any>) => toRowView(r, admin));
      const last = rows[rows.length - 1];
      after = { at: new Date(last.created_at).toISOString(), id: last.request_id };
      if (rows.length < batch) return;
    }
  }

  async summary(filter: UsageFilter): Promise<UsageSummaryView> {
    const byDay = await this.grouped(filter, 'day');
    const params: unknown[] = [];
    const [t] = await this.db.query(
      `SELECT COALESCE(SUM(u.requests),0) AS requests, COALESCE(SUM(u.errors),0) AS errors, COALESCE(SUM(u.prompt_tokens),0) AS prompt_tokens,
              COALESCE(SUM(u.completion_tokens),0) AS completion_tokens, COALESCE(SUM(u.cost_micros),0) AS cost_micros, ${KIND_SUMS}
       FROM ${usageSource(filter, params)}`,
      params,
    );
    return {
      requests: Number(t.requests),
      errors: Number(t.errors),
      promptTokens: Number(t.prompt_tokens),
      completionTokens: Number(t.completion_tokens),
      costUsd: microsToUsd(Number(t.cost_micros)),
      ...kinds(t),
      byDay,
    };
  }

  /** The biggest spenders: users (their personal and team-key spend), or teams (`byTeam`). */
  async leaderboard(filter: UsageFilter, limit: number, byTeam = false): Promise<Array<LeaderboardRowView | TeamLeaderboardRowView>> {
    const params: unknown[] = [];
    const [id, label, join] = byTeam ? ['team_id', 'name', 'teams who ON who.id::text = u.team_id::text'] : ['user_id', 'email', 'users who ON who.id = u.user_id'];
    const rows = await this.db.query(
      `SELECT u.${id} AS id, who.${label} AS label, SUM(u.requests) AS requests, SUM(u.prompt_tokens) AS prompt_tokens,
              SUM(u.completion_tokens) AS completion_tokens, SUM(u.cost_micros) AS cost_micros, ${KIND_SUMS}
       FROM ${usageSource(filter, params)} JOIN ${join}
       GROUP BY u.${id}, who.${label} ORDER BY cost_micros DESC, requests DESC LIMIT ${limit}`,
      params,
    );
    return rows.map((r: Record<string, string>) => ({
      ...(byTeam ? { teamId: r.id, name: r.label } : { userId: r.id, email: r.label }),
      requests: Number(r.requests),
      promptTokens: Number(r.prompt_tokens),
      completionTokens: Number(r.completion_tokens),
      costUsd: microsToUsd(Number(r.cost_micros)),
      ...kinds(r),
    })) as Array<LeaderboardRowView | TeamLeaderboardRowView>;
  }

  async stats(): Promise<AdminStatsView> {
    const today = new Date();
    today.setUTCHours(0, 0, 0, 0);
    const [counts] = await this.db.query(`SELECT
        (SELECT count(*) FROM users)::int AS users,
        (SELECT count(*) FROM users WHERE active)::int AS active_users,
        (SELECT count(*) FROM api_keys WHERE revoked_at IS NULL)::int AS keys,
        (SELECT count(*) FROM providers)::int AS providers,
        (SELECT count(*) FROM models)::int AS models,
        (SELECT COALESCE(SUM(balance_micros),0) FROM users) AS outstanding`);
    const [t] = await this.db.query(
      `SELECT count(*)::int AS requests, COALESCE(SUM(cost_micros),0) AS cost, COALESCE(SUM(prompt_tokens + completion_tokens),0) AS tokens,
              COALESCE(SUM(cache_read_tokens),0) AS cache_read, COALESCE(SUM(cache_savings_micros),0) AS savings
       FROM usage_logs WHERE created_at >= $1`,
      [today.toISOString()],
    );
    return {
      users: counts.users,
      activeUsers: counts.active_users,
      keys: counts.keys,
      providers: counts.providers,
      models: counts.models,
      requestsToday: t.requests,
      costTodayUsd: microsToUsd(Number(t.cost)),
      tokensToday: Number(t.tokens),
      cacheReadTokensToday: Number(t.cache_read),
      cacheSavingsTodayUsd: microsToUsd(Number(t.savings)),
      creditsOutstandingUsd: microsToUsd(Number(counts.outstanding)),
    };
  }
}

function rawWhere(f: UsageFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [f.from.toISOString(), f.to.toISOString()];
  const where = ['l.created_at >= $1', 'l.created_at < $2'];
  if (f.userId) where.push(`l.user_id = $${params.push(f.userId)}`);
  if (f.keyId) where.push(`l.key_id = $${params.push(f.keyId)}`);
  if (f.teamId === 'none') where.push('l.team_id IS NULL');
  else if (f.teamId) where.push(`l.team_id = $${params.push(f.teamId)}`);
  if (f.model) where.push(`l.model = $${params.push(f.model)}`);
  return { where: where.join(' AND '), params };
}
