import { BadRequestException } from '@nestjs/common';
import { BudgetDto, budgetColumns, keyBudgetRequest } from './budget.dto';

const budget = (budgetUsd: number, period: BudgetDto['period'], alertThresholds?: number[]) => Object.assign(new BudgetDto(), { budgetUsd, period, alertThresholds });

describe('budget requests', () => {
  it('turn into columns: micro-dollars, sorted thresholds (50/80/100 when none), null removing', () => {
    expect(budgetColumns(budget(1.5, 'month', [100, 25]))).toEqual({ micros: 1_500_000, period: 'month', alerts: [25, 100] });
    expect(budgetColumns(budget(2, 'day'))).toEqual({ micros: 2_000_000, period: 'day', alerts: [50, 80, 100] });
    expect(budgetColumns(null)).toEqual({ micros: null });
    expect(budgetColumns(undefined)).toBeUndefined();
  });

  it("read a key's quotaUsd as a total budget, and refuse the two when they disagree", () => {
    expect(keyBudgetRequest(5, undefined)).toMatchObject({ budgetUsd: 5, period: 'total' });
    expect(keyBudgetRequest(null, undefined)).toBeNull();
    expect(keyBudgetRequest(undefined, budget(3, 'week'))).toMatchObject({ budgetUsd: 3, period: 'week' });
    expect(keyBudgetRequest(5, budget(5, 'total'))).toMatchObject({ budgetUsd: 5, period: 'total' });
    expect(keyBudgetRequest(null, null)).toBeNull();
    expect(() => keyBudgetRequest(5, budget(5, 'month'))).toThrow(BadRequestException);
    expect(() => keyBudgetRequest(5, budget(4, 'total'))).toThrow(BadRequestException);
    expect(() => keyBudgetRequest(null, budget(4, 'total'))).toThrow(BadRequestException);
  });
});
