import { actorLabel, detailLines, diffLines, displayValue } from './audit-diff';

describe('diffLines', () => {
  it('lines up a change field by field, nested fields dotted', () => {
    const lines = diffLines({
      before: { tier: 'free', budget: { budgetUsd: 5, period: 'day' } },
      after: { tier: 'pro', budget: { budgetUsd: 10, period: 'day' } },
    });
    expect(lines).toEqual([
      { field: 'tier', before: 'free', after: 'pro', change: 'changed' },
      { field: 'budget.budgetUsd', before: '5', after: '10', change: 'changed' },
      { field: 'budget.period', before: 'day', after: 'day', change: 'unchanged' },
    ]);
  });

  it('shows a creation as fields set and a deletion as fields removed', () => {
    expect(diffLines({ after: { name: 'ops', scopes: ['gateway', 'management'] } })).toEqual([
      { field: 'name', before: null, after: 'ops', change: 'added' },
      { field: 'scopes', before: null, after: 'gateway, management', change: 'added' },
    ]);
    expect(diffLines({ before: { name: 'audited', enabled: true } })).toEqual([
      { field: 'name', before: 'audited', after: null, change: 'removed' },
      { field: 'enabled', before: 'true', after: null, change: 'removed' },
    ]);
  });

  it('tells a field set to null from one that is not there, and keeps the order the record gives', () => {
    const lines = diffLines({ before: { budget: { budgetUsd: 5 } }, after: { budget: null, lowBalanceUsd: 2 } });
    expect(lines.map((l) => [l.field, l.before, l.after, l.change])).toEqual([
      ['budget.budgetUsd', '5', null, 'removed'],
      ['budget', null, 'null', 'added'],
      ['lowBalanceUsd', null, '2', 'added'],
    ]);
  });

  it('shows micro-dollars as dollars too', () => {
    expect(diffLines({ after: { amountMicros: 12_500_000 }, before: { amountMicros: -250 } })[0]).toMatchObject({
      before: '\u2212$0.00025 (-250 µ$)',
      after: '$12.50 (12500000 µ$)',
    });
  });

  it('has nothing to show for a record without before or after', () => {
    expect(diffLines({})).toEqual([]);
    expect(diffLines({ detail: { reason: 'wrong password' } })).toEqual([]);
  });
});

describe('displayValue', () => {
  it('reads as an admin would write it', () => {
    expect(displayValue('eu')).toBe('eu');
    expect(displayValue('')).toBe('""');
    expect(displayValue(null)).toBe('null');
    expect(displayValue(false)).toBe('false');
    expect(displayValue([])).toBe('(none)');
    expect(displayValue([50, 80, 100])).toBe('50, 80, 100');
    expect(displayValue([{ value: 'sales', team: 'sales' }])).toBe('[{"value":"sales","team":"sales"}]');
    expect(displayValue({})).toBe('{}');
  });
});

describe('detailLines', () => {
  it('lists the context of a record', () => {
    expect(detailLines({ detail: { email: 'x@example.com', attempt: { count: 3 } } })).toEqual([
      { field: 'email', value: 'x@example.com' },
      { field: 'attempt.count', value: '3' },
    ]);
  });
});

describe('actorLabel', () => {
  const none = { actorUserId: null, actorEmail: null, actorKeyId: null, actorKeyName: null, actorKeyPrefix: null };

  it('names the user by email and the key by name and prefix', () => {
    expect(actorLabel({ ...none, actorUserId: 'u1', actorEmail: 'ada@example.com' })).toEqual({ user: 'ada@example.com', key: null });
    const withKey = { ...none, actorUserId: 'u1', actorEmail: 'ada@example.com', actorKeyId: 'k1', actorKeyName: 'ops', actorKeyPrefix: 'gw-ab12' };
    expect(actorLabel(withKey)).toEqual({
      user: 'ada@example.com',
      key: 'key ops (gw-ab12…)',
    });
  });

  it('falls back to the ids when the names are gone, and to a dash with no actor', () => {
    expect(actorLabel({ ...none, actorUserId: 'u1', actorKeyId: 'k1' })).toEqual({ user: 'u1', key: 'key k1' });
    expect(actorLabel(none)).toEqual({ user: '—', key: null });
  });
});
