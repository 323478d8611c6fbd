import { BadRequestException } from '@nestjs/common';
import type { ApiKey } from './entities/api-key.entity';

/** An expiry must lie ahead, on create and on update alike: a key that is born (or made) expired is a mistake. */
export function futureOrNull(value?: string | null): Date | null {
  const expiresAt = value ? new Date(value) : null;
  if (expiresAt && !(expiresAt.getTime() > Date.now())) throw new BadRequestException('expiresAt must be in the future');
  return expiresAt;
}

export const normaliseOrigins = (origins?: string[]) => (origins ?? []).map((o) => new URL(o).origin);

export const keyBudget = (k: Pick<ApiKey, 'quotaMicros' | 'budgetPeriod' | 'budgetAlerts'>) => ({ micros: k.quotaMicros, period: k.budgetPeriod, alerts: k.budgetAlerts });

/** What the audit log keeps of a key (never its hash). */
export const keyAudit = (k: ApiKey) => ({
  name: k.name,
  userId: k.userId,
  teamId: k.teamId,
  prefix: k.prefix,
  models: k.models,
  budget: k.quotaMicros === null ? null : { micros: k.quotaMicros, period: k.budgetPeriod, alerts: k.budgetAlerts },
  rpm: k.rpm,
  tpm: k.tpm,
  expiresAt: k.expiresAt,
  allowedOrigins: k.allowedOrigins,
  scopes: k.scopes,
  revokedAt: k.revokedAt,
  previousKeyExpiresAt: k.previousKeyExpiresAt,
});

/** Every secret hash a key may still be presented with (the current one, and a rotated-out one): what change notices name. */
export const secretHashes = (k: Pick<ApiKey, 'keyHash' | 'previousKeyHash'>): string[] =>
  k.previousKeyHash ? [k.keyHash, k.previousKeyHash] : [k.keyHash];
