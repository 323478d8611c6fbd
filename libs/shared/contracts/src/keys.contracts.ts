import type { BudgetRequest, BudgetView } from './budgets.contracts';

/** What a key may call: `gateway` (/v1, the default) and `management` (/api/v1; granted by admins only). */
export type KeyScope = 'gateway' | 'management';
export const KEY_SCOPES: readonly KeyScope[] = ['gateway', 'management'];

export interface CreateKeyRequest {
  name: string;
  /** Default `["gateway"]`. */
  scopes?: KeyScope[];
  models?: string[];
  /** A `total` budget of this amount (kept for older clients: the same as `budget: {budgetUsd, period: 'total'}`). */
  quotaUsd?: number | null;
  /** The key's spend limit; null removes it. */
  budget?: BudgetRequest | null;
  rpm?: number | null;
  tpm?: number | null;
  expiresAt?: string | null;
  allowedOrigins?: string[];
  /** Admins only: create the key for this user. */
  userId?: string;
  /** A team key (an owner of the team or an admin): charged to the team's account. */
  teamId?: string;
}

export type UpdateKeyRequest = Partial<Omit<CreateKeyRequest, 'userId' | 'teamId'>>;

/**
 * What a key is known by without its secret: its first 10 characters (`gw-` and 7 more), stored
 * and shown as `prefix`. A longer text (a pasted key, or the prefix shown with `…`) is cut to it.
 */
export const keyPrefixOf = (text: string): string => text.replace(/…$/, '').slice(0, 10);

export interface KeyView {
  id: string;
  userId: string;
  /** Set for a team key. */
  teamId: string | null;
  name: string;
  /** The first characters of the key, for display (`gw-AbCd…`). */
  prefix: string;
  models: string[];
  /** The budget's amount when its period is `total`, else null. */
  quotaUsd: number | null;
  /** Everything this key has spent. */
  quotaUsedUsd: number;
  budget: BudgetView | null;
  rpm: number | null;
  tpm: number | null;
  expiresAt: string | null;
  allowedOrigins: string[];
  scopes: KeyScope[];
  revokedAt: string | null;
  /** After a rotation with a grace period: until when the replaced secret still works (null: it does not). */
  previousKeyExpiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

/** `POST /api/v1/keys/:id/rotate`: the replaced secret keeps working this long (default 0: refused at once; at most 7 days). */
export interface RotateKeyRequest {
  gracePeriodSeconds?: number;
}

export const MAX_KEY_ROTATION_GRACE_SECONDS = 7 * 24 * 3600;

/** Returned once, on creation and on rotation: `key` is the plaintext secret. */
export interface CreatedKeyView extends KeyView {
  key: string;
}
