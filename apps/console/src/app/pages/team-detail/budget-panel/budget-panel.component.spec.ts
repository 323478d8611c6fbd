import { TestBed } from '@angular/core/testing';
import { of } from 'rxjs';
import { TeamsApiService } from '../../../api/teams-api.service';
import { NotifyService } from '../../../core/notify.service';
import type { TeamBudgetView, TeamWithBudget } from '../../../core/team-budget';
import { BudgetPanelComponent } from './budget-panel.component';
import { teamView } from '../../../testing/views';

const team = teamView();
const budget: TeamBudgetView = { budgetUsd: 100, period: 'month', alertThresholds: [50, 80, 100], spentUsd: 82.5, resetsAt: '2025-02-01T00:00:00.000Z' };

describe('BudgetPanelComponent', () => {
  let api: { update: ReturnType<typeof vi.fn> };

  async function render(view: TeamWithBudget, canEdit = false) {
    const fixture = TestBed.createComponent(BudgetPanelComponent);
    fixture.componentRef.setInput('team', view);
    fixture.componentRef.setInput('canEdit', canEdit);
    await fixture.whenStable();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }
  const text = (el: HTMLElement, testId: string) => el.querySelector(`[data-testid="${testId}"]`)?.textContent?.replace(/\s+/g, ' ').trim();

  beforeEach(() => {
    api = { update: vi.fn((_id: string, body: object) => of({ ...team, ...body })) };
    TestBed.configureTestingModule({
      providers: [
        { provide: TeamsApiService, useValue: api },
        { provide: NotifyService, useValue: { ok: vi.fn(), fail: vi.fn() } },
      ],
    });
  });

  it('renders spend against the budget with its period, reset date and crossed threshold', async () => {
    const { el } = await render({ ...team, budget, lowBalanceUsd: 5 });
    expect(text(el, 'budget-summary')).toBe('$82.50 of $100.00 this month, resets 1 Feb 2025');
    expect(el.querySelector('mat-progress-bar')?.getAttribute('aria-valuenow')).toBe('82.5');
    expect(el.textContent).toContain('Alerts at 50%, 80%, 100% of the budget.');
    expect(el.textContent).toContain('80% reached');
    expect(text(el, 'low-balance')).toBe('Low-balance alert below $5.00.');
    expect(el.querySelector('[data-testid="edit-budget"]')).toBeNull();
  });

  it('says nothing resets for a total budget', async () => {
    const { el } = await render({ ...team, budget: { ...budget, period: 'total', resetsAt: null, spentUsd: 1 } });
    expect(text(el, 'budget-summary')).toBe('$1.00 of $100.00 in total');
  });

  it('renders no panel at all when the team view has no budget field (an older server)', async () => {
    const { budget: _b, lowBalanceUsd: _l, ...older } = team;
    const { el } = await render(older as typeof team, true);
    expect(el.querySelector('[data-testid="budget-panel"]')).toBeNull();
    expect(el.textContent?.trim()).toBe('');
  });

  it('offers owners to set a budget when the field is null, and sends it as the PATCH body', async () => {
    const { fixture, el } = await render({ ...team, budget: null, lowBalanceUsd: null }, true);
    expect(el.querySelector('[data-testid="no-budget"]')).not.toBeNull();
    (el.querySelector('[data-testid="edit-budget"]') as HTMLButtonElement).click();
    await fixture.whenStable();

    const input = (label: string) => el.querySelector(`input[formcontrolname="${label}"]`) as HTMLInputElement;
    const type = (name: string, value: string) => {
      input(name).value = value;
      input(name).dispatchEvent(new Event('input'));
    };
    type('budgetUsd', '250');
    type('thresholds', '90, 50');
    type('lowBalanceUsd', '10');
    (el.querySelector('form button[type="submit"]') as HTMLButtonElement).click();
    await fixture.whenStable();

    expect(api.update).toHaveBeenCalledWith('t1', {
      budget: { budgetUsd: 250, period: 'month', alertThresholds: [50, 90] },
      lowBalanceUsd: 10,
    });
  });

  it('refuses thresholds it cannot read without calling the API', async () => {
    const { fixture, el } = await render({ ...team, budget }, true);
    (el.querySelector('[data-testid="edit-budget"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    const thresholds = el.querySelector('input[formcontrolname="thresholds"]') as HTMLInputElement;
    thresholds.value = '50, 120';
    thresholds.dispatchEvent(new Event('input'));
    (el.querySelector('form button[type="submit"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(api.update).not.toHaveBeenCalled();
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('percentages above 0 and at most 100');
  });
});
