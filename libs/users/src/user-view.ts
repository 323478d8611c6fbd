import type { BudgetView, UserView } from '@gateway/contracts';
import { microsToUsd } from '@gateway/database';
import type { User } from './entities/user.entity';

/** With `budget` (admin listings and /users/me): the balance, budget and low-balance threshold too. */
export function toUserView(user: User, budget?: BudgetView | null): UserView {
  const view: UserView = {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    tier: user.tier,
    active: user.active,
    createdAt: user.createdAt.toISOString(),
  };
  if (budget !== undefined) {
    view.balanceUsd = microsToUsd(user.balanceMicros);
    view.budget = budget;
    view.lowBalanceUsd = user.lowBalanceMicros === null ? null : microsToUsd(user.lowBalanceMicros);
  }
  return view;
}
