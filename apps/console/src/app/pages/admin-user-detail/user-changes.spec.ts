import { accessConfirmation, creditConfirmation } from './user-changes';

const user = { email: 'ann@example.com', role: 'user' as const, active: true };

describe('accessConfirmation', () => {
  it('asks before granting or removing admin, and before (de)activating', () => {
    expect(accessConfirmation(user, { role: 'admin' })?.confirm).toBe('Make admin');
    expect(accessConfirmation({ ...user, role: 'admin' }, { role: 'user' })?.confirm).toBe('Remove admin role');
    expect(accessConfirmation(user, { active: false })?.confirm).toBe('Deactivate');
    expect(accessConfirmation({ ...user, active: false }, { active: true })?.confirm).toBe('Reactivate');
  });

  it('lets tier changes and no-op changes through without asking', () => {
    expect(accessConfirmation(user, { tier: 'pro' })).toBeNull();
    expect(accessConfirmation(user, { role: 'user' })).toBeNull();
    expect(accessConfirmation(user, { active: true })).toBeNull();
  });
});

describe('creditConfirmation', () => {
  it('names a grant and a deduction with a positive amount', () => {
    const money = (v: number) => `$${v.toFixed(2)}`;
    expect(creditConfirmation('ann@example.com', 5, money).title).toBe('Grant $5.00 to ann@example.com?');
    expect(creditConfirmation('ann@example.com', -1.5, money)).toMatchObject({ title: 'Deduct $1.50 from ann@example.com?', confirm: 'Deduct' });
  });
});
