import type { BudgetRequest, BudgetView } from './budgets.contracts';

export type Role = 'admin' | 'user';
export type Tier = 'free' | 'pro' | 'enterprise';
export const TIERS: readonly Tier[] = ['free', 'pro', 'enterprise'];
export const ROLES: readonly Role[] = ['admin', 'user'];

export interface UserView {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  tier: Tier;
  active: boolean;
  createdAt: string;
  /** Present on admin listings. */
  balanceUsd?: number;
  /** The user's own spend limit (personal keys and the console; team keys count against their team's). */
  budget?: BudgetView | null;
  lowBalanceUsd?: number | null;
  /** `/users/me` and `/admin/users/:id`: the requests and tokens a minute the tier allows a key that sets none. */
  limits?: { rpm: number; tpm: number };
}

export interface UpdateUserRequest {
  role?: Role;
  tier?: Tier;
  active?: boolean;
  name?: string;
  budget?: BudgetRequest | null;
  lowBalanceUsd?: number | null;
}
