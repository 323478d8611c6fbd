import type { BudgetView, KeyView } from '@gateway/contracts';
import { microsToUsd } from '@gateway/database';
import type { ApiKey } from './entities/api-key.entity';

export function toKeyView(key: ApiKey, budget: BudgetView | null): KeyView {
  return {
    id: key.id,
    userId: key.userId,
    teamId: key.teamId,
    name: key.name,
    prefix: key.prefix,
    models: key.models,
    quotaUsd: key.quotaMicros === null || key.budgetPeriod !== 'total' ? null : microsToUsd(key.quotaMicros),
    quotaUsedUsd: microsToUsd(key.quotaUsedMicros),
    budget,
    rpm: key.rpm,
    tpm: key.tpm,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    allowedOrigins: key.allowedOrigins,
    scopes: key.scopes,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    previousKeyExpiresAt: inGrace(key.previousKeyExpiresAt) ? key.previousKeyExpiresAt!.toISOString() : null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    createdAt: key.createdAt.toISOString(),
  };
}

const inGrace = (until: Date | null) => until !== null && until.getTime() > Date.now();
