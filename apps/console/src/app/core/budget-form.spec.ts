import type { BudgetView } from '@gateway/contracts';
import { budgetFormValue, budgetFromForm, budgetUpdateFromForm, keyBudget, THRESHOLDS_ERROR } from './budget-form';

const daily: BudgetView = { budgetUsd: 5, period: 'day', alertThresholds: [80, 100], spentUsd: 1.25, resetsAt: '2025-03-02T00:00:00.000Z' };

describe('budgetFromForm', () => {
  it('maps amount, period and thresholds to the request budget', () => {
    expect(budgetFromForm({ budgetUsd: 5, period: 'day', thresholds: '100, 50 80' })).toEqual({
      ok: true,
      budget: { budgetUsd: 5, period: 'day', alertThresholds: [50, 80, 100] },
    });
    expect(budgetFromForm({ budgetUsd: '2.5', period: 'total', thresholds: '' })).toEqual({
      ok: true,
      budget: { budgetUsd: 2.5, period: 'total', alertThresholds: [] },
    });
  });

  it('reads an empty amount as no budget', () => {
    expect(budgetFromForm({ budgetUsd: null, period: 'month', thresholds: 'junk' })).toEqual({ ok: true, budget: null });
    expect(budgetFromForm({ budgetUsd: '  ', period: 'month', thresholds: '' })).toEqual({ ok: true, budget: null });
  });

  it('refuses a negative amount and unreadable thresholds', () => {
    expect(budgetFromForm({ budgetUsd: -1, period: 'month', thresholds: '' })).toMatchObject({ ok: false });
    expect(budgetFromForm({ budgetUsd: 1, period: 'month', thresholds: '120' })).toEqual({ ok: false, error: THRESHOLDS_ERROR });
  });
});

describe('budgetFormValue', () => {
  it('fills the form from a budget, or the defaults', () => {
    expect(budgetFormValue(daily)).toEqual({ budgetUsd: 5, period: 'day', thresholds: '80, 100' });
    expect(budgetFormValue(null)).toEqual({ budgetUsd: null, period: 'month', thresholds: '50, 80, 100' });
  });

  it('round-trips an old total budget unchanged', () => {
    const total: BudgetView = { budgetUsd: 10, period: 'total', alertThresholds: [50, 80, 100], spentUsd: 0, resetsAt: null };
    const budget = { budgetUsd: 10, period: 'total', alertThresholds: [50, 80, 100] };
    expect(budgetFromForm(budgetFormValue(total))).toEqual({ ok: true, budget });
  });
});

describe('budgetUpdateFromForm', () => {
  const fields = { budgetUsd: 20, period: 'month' as const, thresholds: '50, 100' };

  it('leaves the low-balance mark out when the subject has none (keys)', () => {
    const budget = { budgetUsd: 20, period: 'month', alertThresholds: [50, 100] };
    expect(budgetUpdateFromForm(fields)).toEqual({ ok: true, body: { budget } });
  });

  it('sends the mark, or null to clear it', () => {
    expect(budgetUpdateFromForm(fields, '3')).toMatchObject({ ok: true, body: { lowBalanceUsd: 3 } });
    expect(budgetUpdateFromForm({ ...fields, budgetUsd: '' }, '')).toEqual({ ok: true, body: { budget: null, lowBalanceUsd: null } });
    expect(budgetUpdateFromForm(fields, -2)).toMatchObject({ ok: false });
  });
});

describe('keyBudget', () => {
  it("reads the key's budget view", () => {
    expect(keyBudget({ budget: daily, quotaUsd: null, quotaUsedUsd: 9 })).toEqual(daily);
  });

  it('reads a key that only has the older quota as a total budget', () => {
    const total = { budgetUsd: 4, period: 'total', alertThresholds: [], spentUsd: 1, resetsAt: null };
    expect(keyBudget({ budget: null, quotaUsd: 4, quotaUsedUsd: 1 })).toEqual(total);
    expect(keyBudget({ budget: null, quotaUsd: null, quotaUsedUsd: 1 })).toBeNull();
  });
});
