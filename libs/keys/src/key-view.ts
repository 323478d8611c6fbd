import type { KeyView } from '@gateway/contracts';
import { microsToUsd } from '@gateway/database';
import type { ApiKey } from './entities/api-key.entity';

export function toKeyView(key: ApiKey): KeyView {
  return {
    id: key.id,
    userId: key.userId,
    teamId: key.teamId,
    name: key.name,
    prefix: key.prefix,
    models: key.models,
    quotaUsd: key.quotaMicros === null ? null : microsToUsd(key.quotaMicros),
    quotaUsedUsd: microsToUsd(key.quotaUsedMicros),
    rpm: key.rpm,
    tpm: key.tpm,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    allowedOrigins: key.allowedOrigins,
    scopes: key.scopes,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    createdAt: key.createdAt.toISOString(),
  };
}
