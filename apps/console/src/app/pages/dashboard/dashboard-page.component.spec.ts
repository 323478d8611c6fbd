import { TestBed } from '@angular/core/testing';
import type { UsageGroupView } from '@gateway/contracts';
import { of } from 'rxjs';
import { BillingApiService } from '../../api/billing-api.service';
import { UsageApiService } from '../../api/usage-api.service';
import { AuthService } from '../../core/auth.service';
import { NotifyService } from '../../core/notify.service';
import { DashboardPageComponent } from './dashboard-page.component';

const day = (group: string, costUsd: number, cacheSavingsUsd: number) =>
  ({ group, requests: 1, promptTokens: 10, completionTokens: 5, costUsd, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, cacheSavingsUsd }) as UsageGroupView;

describe('DashboardPageComponent totals', () => {
  function create(days: UsageGroupView[], history: { amountUsd: number }[] = []) {
    TestBed.configureTestingModule({
      providers: [
        { provide: BillingApiService, useValue: { myCredits: () => of({ balanceUsd: 1, history }) } },
        { provide: UsageApiService, useValue: { groups: () => of({ items: days }) } },
        { provide: AuthService, useValue: {} },
        { provide: NotifyService, useValue: { fail: vi.fn() } },
      ],
    });
    // The template (charts, Material) is covered by the e2e suite; here only the sums.
    TestBed.overrideTemplate(DashboardPageComponent, '');
    return TestBed.createComponent(DashboardPageComponent).componentInstance as unknown as {
      costHint(): string;
      totals(): { tokens: number };
      ledgerDigits(): number;
    };
  }

  it('says what caching saved over the 30 days', () => {
    const page = create([day('2025-03-01', 0.5, 0.25), day('2025-03-02', 0.5, 0.5)]);
    expect(page.costHint()).toBe('Last 30 days; saved by caching: $0.75');
    expect(page.totals().tokens).toBe(30);
  });

  it('gives the ledger column enough decimals for its smallest charge', () => {
    expect(create([], [{ amountUsd: 5 }, { amountUsd: -0.000022 }]).ledgerDigits()).toBe(6);
  });

  it('keeps the ledger column to cents when every amount is whole cents', () => {
    expect(create([], [{ amountUsd: 5 }, { amountUsd: -1.5 }]).ledgerDigits()).toBe(2);
  });

  it('leaves the savings out when nothing was cached', () => {
    expect(create([day('2025-03-01', 0.5, 0)]).costHint()).toBe('Last 30 days');
  });
});
