import type { Role, Tier } from '@gateway/contracts';

/** The API key a request came with, as the hot path needs it. */
export interface AuthKey {
  id: string;
  /** The key's SHA-256 (what change notifications name it by). */
  hash: string;
  userId: string;
  /** A team key's team: its account pays. */
  teamId: string | null;
  /** A team key: the team's allowed models (empty: no limit beyond the key's own). */
  teamModels: string[];
  models: string[];
  quotaMicros: number | null;
  rpm: number | null;
  tpm: number | null;
  expiresAt: number | null;
  allowedOrigins: string[];
  revoked: boolean;
  /** "gateway" (/v1) and/or "management" (/api/v1). */
  scopes: readonly string[];
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
