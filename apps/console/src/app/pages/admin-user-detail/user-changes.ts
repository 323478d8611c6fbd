import type { UpdateUserRequest, UserView } from '@gateway/contracts';

/** What to ask before a change of someone's access, or null when it needs no confirmation. */
export function accessConfirmation(user: Pick<UserView, 'email' | 'role' | 'active'>, change: UpdateUserRequest): { title: string; message: string; confirm: string } | null {
  if (change.role === 'admin' && user.role !== 'admin') {
    return { title: `Make ${user.email} an admin?`, message: 'Admins manage every user, key, provider, price and credit on this gateway.', confirm: 'Make admin' };
  }
  if (change.role === 'user' && user.role === 'admin') {
    return { title: `Remove ${user.email}'s admin role?`, message: 'They keep their keys and balance but lose every admin page and route.', confirm: 'Remove admin role' };
  }
  if (change.active === false && user.active) {
    return { title: `Deactivate ${user.email}?`, message: 'Their sessions and API keys stop working at once, on every replica; nothing is deleted.', confirm: 'Deactivate' };
  }
  if (change.active === true && !user.active) {
    return { title: `Reactivate ${user.email}?`, message: 'Their keys that are not revoked work again.', confirm: 'Reactivate' };
  }
  return null;
}

/** The confirmation of a credit change: a grant adds, a negative amount is a deduction. */
export function creditConfirmation(email: string, amountUsd: number, money: (v: number) => string): { title: string; message: string; confirm: string } {
  return amountUsd > 0
    ? { title: `Grant ${money(amountUsd)} to ${email}?`, message: 'Recorded in their ledger as a grant.', confirm: 'Grant' }
    : { title: `Deduct ${money(-amountUsd)} from ${email}?`, message: 'Recorded in their ledger as an adjustment; the balance may go below zero.', confirm: 'Deduct' };
}
