import { BadRequestException } from '@nestjs/common';
import { BUDGET_PERIODS, DEFAULT_BUDGET_ALERTS, type BudgetPeriod, type BudgetRequest } from '@gateway/contracts';
import { IsUsdAmount, usdToMicros } from '@gateway/database';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export class BudgetDto implements BudgetRequest {
  @IsUsdAmount(0, 1e9) budgetUsd: number;
  @IsIn(BUDGET_PERIODS) period: BudgetPeriod;
  @IsOptional() @IsArray() @ArrayMaxSize(10) @ArrayUnique() @IsInt({ each: true }) @Min(1, { each: true }) @Max(1000, { each: true }) alertThresholds?: number[];
}

/** The columns a budget request sets (`null`: the budget removed; undefined: not asked to change). */
export function budgetColumns(budget: BudgetDto | null | undefined): { micros: number | null; period?: BudgetPeriod; alerts?: number[] } | undefined {
  if (budget === undefined) return undefined;
  if (budget === null) return { micros: null };
  return { micros: usdToMicros(budget.budgetUsd), period: budget.period, alerts: [...(budget.alertThresholds ?? DEFAULT_BUDGET_ALERTS)].sort((a, b) => a - b) };
}

/** `quotaUsd` is the older name of a `total` budget: both may be sent only when they agree. */
export function keyBudgetRequest(quotaUsd: number | null | undefined, budget: BudgetDto | null | undefined): BudgetDto | null | undefined {
  if (quotaUsd === undefined) return budget;
  const asBudget = quotaUsd === null ? null : Object.assign(new BudgetDto(), { budgetUsd: quotaUsd, period: 'total' as const });
  if (budget === undefined) return asBudget;
  const agree = budget === null ? quotaUsd === null : budget.period === 'total' && budget.budgetUsd === quotaUsd;
  if (!agree) throw new BadRequestException('quotaUsd is a total budget: send it or budget, not both with different values');
  return budget;
}
