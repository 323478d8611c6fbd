import type { Role, Tier } from '@gateway/contracts';

/** The API key a request came with, as the hot path needs it. */
export interface AuthKey {
  id: string;
  userId: string;
  models: string[];
  quotaMicros: number | null;
  rpm: number | null;
  tpm: number | null;
  expiresAt: number | null;
  allowedOrigins: string[];
  revoked: boolean;
}

/** Who is calling: set on the request by the auth guard or the gateway's authenticator. */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  tier: Tier;
  active: boolean;
  /** Present when the caller used an API key rather than a JWT. */
  key?: AuthKey;
}
