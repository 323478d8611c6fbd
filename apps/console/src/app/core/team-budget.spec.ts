import { budgetOf, budgetProgress, parseThresholds, periodPhrase, TeamBudgetView } from './team-budget';
import { teamView } from '../testing/views';

const team = teamView();
const budget: TeamBudgetView = { budgetUsd: 100, period: 'month', alertThresholds: [50, 80, 100], spentUsd: 62.5, resetsAt: '2025-02-01T00:00:00.000Z' };

describe('budgetOf', () => {
  it('reads a budget the team view carries', () => {
    expect(budgetOf({ ...team, budget })).toEqual(budget);
  });

  it('is null when the view has no budget, a null one or a malformed one', () => {
    expect(budgetOf(team)).toBeNull();
    expect(budgetOf({ ...team, budget: null })).toBeNull();
    expect(budgetOf(null)).toBeNull();
    expect(budgetOf({ ...team, budget: { ...budget, budgetUsd: '100' as unknown as number } })).toBeNull();
    expect(budgetOf({ ...team, budget: { ...budget, period: 'year' as never } })).toBeNull();
  });

  it('tolerates missing thresholds and reset date', () => {
    const partial = { budgetUsd: 10, period: 'total', spentUsd: 1 } as unknown as TeamBudgetView;
    expect(budgetOf({ ...team, budget: partial })).toEqual({ budgetUsd: 10, period: 'total', spentUsd: 1, alertThresholds: [], resetsAt: null });
  });
});

describe('budgetProgress', () => {
  it('reports the share spent and the highest threshold crossed', () => {
    expect(budgetProgress(budget)).toEqual({ percent: 62.5, crossed: 50, level: 'warn' });
  });

  it('is ok below every threshold and caps the bar at 100 when over', () => {
    expect(budgetProgress({ ...budget, spentUsd: 10 })).toEqual({ percent: 10, crossed: null, level: 'ok' });
    expect(budgetProgress({ ...budget, spentUsd: 130 })).toEqual({ percent: 100, crossed: 100, level: 'over' });
  });

  it('treats a zero budget as spent once anything is spent', () => {
    expect(budgetProgress({ ...budget, budgetUsd: 0, spentUsd: 0 }).level).toBe('ok');
    expect(budgetProgress({ ...budget, budgetUsd: 0, spentUsd: 0.01 }).level).toBe('over');
  });
});

describe('parseThresholds', () => {
  it('reads percentages separated by commas or spaces, sorted and unique', () => {
    expect(parseThresholds('80, 50 100,50')).toEqual([50, 80, 100]);
    expect(parseThresholds('')).toEqual([]);
  });

  it('refuses anything outside (0, 100]', () => {
    expect(parseThresholds('0')).toBeNull();
    expect(parseThresholds('150')).toBeNull();
    expect(parseThresholds('fifty')).toBeNull();
  });
});

it('names each period as a sentence ends', () => {
  expect(periodPhrase('month')).toBe('this month');
  expect(periodPhrase('total')).toBe('in total');
});
