import type { BudgetRequest, BudgetView } from './budgets.contracts';

/** A member's standing in a team: owners manage it (name, models, metadata, members), members use it. */
export type TeamRole = 'owner' | 'member';
export const TEAM_ROLES: readonly TeamRole[] = ['owner', 'member'];

export interface CreateTeamRequest {
  name: string;
  /** 2–48 lowercase letters, digits and dashes; unique. */
  slug: string;
  /** Public model names; empty or absent: every model each member's tier allows. */
  allowedModels?: string[];
  rpm?: number | null;
  tpm?: number | null;
  /** Free-form JSON object, at most 8 KB serialised. */
  metadata?: Record<string, unknown>;
  /** The team's spend limit (all its keys together); null removes it. */
  budget?: BudgetRequest | null;
  /** A `balance.low` event fires when the team's balance falls below this; null: never. */
  lowBalanceUsd?: number | null;
}

/** Owners may change `name`, `allowedModels`, `metadata`, `budget` and `lowBalanceUsd`; `slug`, `rpm` and `tpm` are for admins. */
export type UpdateTeamRequest = Partial<CreateTeamRequest>;

export interface TeamView {
  id: string;
  name: string;
  slug: string;
  allowedModels: string[];
  rpm: number | null;
  tpm: number | null;
  metadata: Record<string, unknown>;
  budget: BudgetView | null;
  lowBalanceUsd: number | null;
  /** The caller's role in the team; null for an admin who is not a member. */
  role: TeamRole | null;
  createdAt: string;
  updatedAt: string;
}

/** Name the user by `userId` or by `email` (exactly one). `role` defaults to `member`. */
export interface AddTeamMemberRequest {
  userId?: string;
  email?: string;
  role?: TeamRole;
}

export interface UpdateTeamMemberRequest {
  role: TeamRole;
}

export interface TeamMemberView {
  userId: string;
  email: string;
  name: string | null;
  role: TeamRole;
  createdAt: string;
}
