/** What a key may call: `gateway` (/v1, the default) and `management` (/api/v1; granted by admins only). */
export type KeyScope = 'gateway' | 'management';
export const KEY_SCOPES: readonly KeyScope[] = ['gateway', 'management'];

export interface CreateKeyRequest {
  name: string;
  /** Default `["gateway"]`. */
  scopes?: KeyScope[];
  models?: string[];
  quotaUsd?: number | null;
  rpm?: number | null;
  tpm?: number | null;
  expiresAt?: string | null;
  allowedOrigins?: string[];
  /** Admins only: create the key for this user. */
  userId?: string;
}

export type UpdateKeyRequest = Partial<Omit<CreateKeyRequest, 'userId'>>;

export interface KeyView {
  id: string;
  userId: string;
  name: string;
  /** The first characters of the key, for display (`gw-AbCd…`). */
  prefix: string;
  models: string[];
  quotaUsd: number | null;
  quotaUsedUsd: number;
  rpm: number | null;
  tpm: number | null;
  expiresAt: string | null;
  allowedOrigins: string[];
  scopes: KeyScope[];
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

/** Returned once, on creation: `key` is the plaintext secret. */
export interface CreatedKeyView extends KeyView {
  key: string;
}
