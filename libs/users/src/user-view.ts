import type { UserView } from '@gateway/contracts';
import { microsToUsd } from '@gateway/database';
import type { User } from './entities/user.entity';

export function toUserView(user: User, withBalance = false): UserView {
  const view: UserView = {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    tier: user.tier,
    active: user.active,
    createdAt: user.createdAt.toISOString(),
  };
  if (withBalance) view.balanceUsd = microsToUsd(user.balanceMicros);
  return view;
}
