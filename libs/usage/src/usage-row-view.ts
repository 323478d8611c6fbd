import type { UsageRowView } from '@gateway/contracts';
import { microsToUsd } from '@gateway/database';

/** A shadow model does not reveal its supplier: only admins see the provider and upstream model, also inside errors. */
export function hiddenRouting(error: string | null, r: Record<string, any>): string | null {
  let out = error;
  if (out && r.provider) out = out.split(r.provider).join('the provider');
  if (out && r.upstream_model && r.upstream_model !== r.model) out = out.split(r.upstream_model).join(r.model);
  return out;
}

export function toRowView(r: Record<string, any>, admin: boolean): UsageRowView {
  return {
    requestId: r.request_id,
    userId: r.user_id,
    keyId: r.key_id,
    keyName: r.key_name ?? null,
    teamId: r.team_id ?? null,
    model: r.model,
    provider: admin ? r.provider : null,
    upstreamModel: admin ? r.upstream_model : null,
    endpoint: r.endpoint,
    stream: r.stream,
    status: r.status,
    promptTokens: r.prompt_tokens,
    completionTokens: r.completion_tokens,
    cacheReadTokens: r.cache_read_tokens ?? 0,
    cacheWriteTokens: r.cache_write_tokens ?? 0,
    reasoningTokens: r.reasoning_tokens ?? 0,
    usageSource: r.usage_source ?? 'reported',
    costUsd: microsToUsd(Number(r.cost_micros)),
    cacheSavingsUsd: microsToUsd(Number(r.cache_savings_micros ?? 0)),
    latencyMs: r.latency_ms,
    ttftMs: r.ttft_ms,
    error: admin ? r.error : hiddenRouting(r.error, r),
    createdAt: new Date(r.created_at).toISOString(),
  };
}
