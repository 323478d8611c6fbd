import type { BudgetPeriod, Role, Tier } from '@gateway/contracts';

/** A spend limit as the gate checks it. */
export interface AuthBudget {
  micros: number;
  period: BudgetPeriod;
}

/** What a team key carries of its team: limits shared by all the team's keys. */
export interface AuthTeam {
  /** Allowed models (empty: no limit beyond the key's own). */
  models: string[];
  rpm: number | null;
  tpm: number | null;
  budget: AuthBudget | null;
}

/** The API key a request came with, as the hot path needs it. */
export interface AuthKey {
  id: string;
  /** The SHA-256 of the secret presented (what change notifications name it by). */
  hash: string;
  userId: string;
  /** A team key's team: its account pays. */
  teamId: string | null;
  /** A team key: its team's limits (read with the key, dropped with it when the team changes). */
  team: AuthTeam | null;
  models: string[];
  budget: AuthBudget | null;
  rpm: number | null;
  tpm: number | null;
  expiresAt: number | null;
  /** A secret replaced by a rotation: refused from this time (epoch ms); null for the key's current secret. */
  retiredAt: number | null;
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
  /** The user's own spend limit (personal keys and the console). */
  budget: AuthBudget | null;
  /** Present when the caller used an API key rather than a JWT. */
  key?: AuthKey;
}
