import type { RequestLogPage, RequestLogRowView, TeamView } from '@gateway/contracts';
import { teamView } from '../../testing/views';

/** Rows, pages and teams for the request log's specs. */
export const row = (requestId: string, over: Partial<RequestLogRowView> = {}): RequestLogRowView => ({
  requestId,
  userId: 'u1',
  userEmail: 'ada@example.com',
  keyId: 'k1',
  keyName: 'ci key',
  teamId: null,
  teamName: null,
  model: 'sonnet',
  provider: 'anthropic-main',
  upstreamModel: 'claude-sonnet-4',
  endpoint: '/v1/chat/completions',
  stream: false,
  status: 200,
  promptTokens: 1200,
  completionTokens: 30,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  usageSource: 'reported',
  costUsd: 0.01,
  cacheSavingsUsd: 0,
  latencyMs: 900,
  ttftMs: null,
  error: null,
  createdAt: '2025-03-04T10:00:00Z',
  ...over,
});

/** Three pages, newest first, keyed by the cursor that asks for them. */
export const pages: Record<string, RequestLogPage> = {
  first: { items: [row('r1', { costUsd: 0.000022 }), row('r2', { costUsd: 1.5 })], nextCursor: 'c2' },
  c2: { items: [row('r3', { model: 'page-two-model' })], nextCursor: 'c3' },
  c3: { items: [row('r4', { model: 'page-three-model' })], nextCursor: null },
};

export const team = (role: TeamView['role']): TeamView => teamView({ role });
