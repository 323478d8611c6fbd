export type UsageGroupBy = 'day' | 'model' | 'key' | 'team';

export interface UsageQuery {
  from?: string;
  to?: string;
  keyId?: string;
  /** Only what this team's keys spent. */
  teamId?: string;
  model?: string;
  groupBy?: UsageGroupBy;
  page?: number;
  pageSize?: number;
}

export interface UsageRowView {
  requestId: string;
  userId: string;
  keyId: string | null;
  /** The key's name (null without a key, or when the key is gone). */
  keyName: string | null;
  /** The team whose account paid (a team key), else null. */
  teamId: string | null;
  model: string;
  provider: string | null;
  upstreamModel: string | null;
  endpoint: string;
  stream: boolean;
  status: number;
  /** Every input token; of them `cacheReadTokens` and `cacheWriteTokens`. */
  promptTokens: number;
  /** Every output token; of them `reasoningTokens`. */
  completionTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** `reported` by the provider, or `estimated` by the gateway (it reported none). */
  usageSource: 'reported' | 'estimated';
  costUsd: number;
  /** What prompt caching saved: the cache reads at the input price minus what they cost. */
  cacheSavingsUsd: number;
  latencyMs: number;
  ttftMs: number | null;
  error: string | null;
  createdAt: string;
}

/** Token totals by kind, and what caching saved, over a set of requests. */
export interface TokenKindTotals {
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  cacheSavingsUsd: number;
}

export interface UsageGroupView extends TokenKindTotals {
  group: string;
  /** With groupBy=team: the team's name. */
  label?: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export interface AdminStatsView {
  users: number;
  activeUsers: number;
  keys: number;
  providers: number;
  models: number;
  requestsToday: number;
  costTodayUsd: number;
  tokensToday: number;
  cacheReadTokensToday: number;
  cacheSavingsTodayUsd: number;
  creditsOutstandingUsd: number;
}

export interface UsageSummaryView extends TokenKindTotals {
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  /** One row per UTC day in the range. */
  byDay: UsageGroupView[];
}

export interface LeaderboardRowView extends TokenKindTotals {
  userId: string;
  email: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

/** A leaderboard row with `groupBy=team`. */
export interface TeamLeaderboardRowView extends TokenKindTotals {
  teamId: string;
  name: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export type CostsGroupBy = 'provider' | 'model' | 'tier' | 'day' | 'team';
