export type UsageGroupBy = 'day' | 'model' | 'key';

export interface UsageQuery {
  from?: string;
  to?: string;
  keyId?: string;
  model?: string;
  groupBy?: UsageGroupBy;
  page?: number;
  pageSize?: number;
}

export interface UsageRowView {
  requestId: string;
  userId: string;
  keyId: string | null;
  model: string;
  provider: string | null;
  upstreamModel: string | null;
  endpoint: string;
  stream: boolean;
  status: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  latencyMs: number;
  ttftMs: number | null;
  error: string | null;
  createdAt: string;
}

export interface UsageGroupView {
  group: string;
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
  creditsOutstandingUsd: number;
}

export interface UsageSummaryView {
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  /** One row per UTC day in the range. */
  byDay: UsageGroupView[];
}

export interface LeaderboardRowView {
  userId: string;
  email: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export type CostsGroupBy = 'provider' | 'model' | 'tier' | 'day';
