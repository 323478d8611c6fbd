import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { CreditsView, UserView } from '@gateway/contracts';
import { of, throwError } from 'rxjs';
import { BillingApiService } from '../../api/billing-api.service';
import { ModelsApiService } from '../../api/models-api.service';
import { UsersApiService } from '../../api/users-api.service';
import { NotifyService } from '../../core/notify.service';
import { BillingPageComponent } from './billing-page.component';
import { modelView } from '../../testing/views';

const model = modelView;

const me: UserView = {
  id: 'u1',
  email: 'ann@example.com',
  name: 'Ann',
  role: 'user',
  tier: 'pro',
  active: true,
  createdAt: '2026-01-01T00:00:00Z',
  balanceUsd: 499.987654,
  budget: null,
  limits: { rpm: 1200, tpm: 2_000_000 },
};

const credits: CreditsView = {
  balanceUsd: 499.987654,
  history: [
    { id: 'e1', type: 'charge', amountUsd: -0.000022, requestId: 'req-1', note: null, createdAt: '2026-02-01T10:00:00Z' },
    { id: 'e2', type: 'grant', amountUsd: 500, requestId: null, note: 'welcome credit', createdAt: '2026-01-01T10:00:00Z' },
  ],
  total: 2,
  page: 1,
  pageSize: 20,
};

describe('BillingPageComponent', () => {
  let users: { profile: ReturnType<typeof vi.fn> };
  let models: { list: ReturnType<typeof vi.fn> };
  let billing: { ledger: ReturnType<typeof vi.fn> };

  beforeEach(() => {
    users = { profile: vi.fn(() => of(me)) };
    models = {
      list: vi.fn(() =>
        of([
          model({ name: 'zeta-open', inputPriceUsdPerMTok: 0.075, outputPriceUsdPerMTok: 0.3 }),
          model({ name: 'alpha-pro', tiers: ['pro', 'enterprise'], inputPriceUsdPerMTok: 3, outputPriceUsdPerMTok: 15 }),
          model({ name: 'enterprise-only', tiers: ['enterprise'] }),
          model({ name: 'switched-off', enabled: false }),
        ]),
      ),
    };
    billing = { ledger: vi.fn(() => of(credits)) };
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: UsersApiService, useValue: users },
        { provide: ModelsApiService, useValue: models },
        { provide: BillingApiService, useValue: billing },
        { provide: NotifyService, useValue: { ok: vi.fn(), fail: vi.fn() } },
      ],
    });
  });

  async function render() {
    const fixture = TestBed.createComponent(BillingPageComponent);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  const text = (el: HTMLElement, testId: string) => el.querySelector(`[data-testid="${testId}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;

  it('shows the balance to the cent, with every micro-dollar in its title', async () => {
    const el = await render();
    const balance = el.querySelector('[data-testid="billing-balance"]') as HTMLElement;
    expect(balance.textContent?.trim()).toBe('$499.99');
    expect(balance.title).toBe('$499.987654');
  });

  it('puts the minus before the dollar sign of a negative balance and drops it when the cents round to zero', async () => {
    users.profile.mockReturnValue(of({ ...me, balanceUsd: -0.000022 }));
    const el = await render();
    const balance = el.querySelector('[data-testid="billing-balance"]') as HTMLElement;
    expect(balance.textContent?.trim()).toBe('$0.00');
    expect(balance.title).toBe('\u2212$0.000022');
  });

  it('names the tier and its per-key limits with thousands separators', async () => {
    const el = await render();
    const tier = text(el, 'billing-tier');
    expect(tier).toContain('Tier: pro');
    expect(tier).toContain('1,200 requests and 2,000,000 tokens a minute per key');
  });

  it('prices only the enabled models the tier may use, by name, per MTok', async () => {
    const el = await render();
    const rows = [...el.querySelectorAll('[data-testid="billing-prices"] li')].map((li) => [...li.children].map((span) => span.textContent!.trim()).join(' '));
    expect(rows).toEqual(['alpha-pro $3.00 in · $15.00 out per MTok', 'zeta-open $0.075 in · $0.30 out per MTok']);
    expect(el.textContent).not.toContain('enterprise-only');
    expect(el.textContent).not.toContain('switched-off');
  });

  it('prices the models of the tier the profile names, not another', async () => {
    users.profile.mockReturnValue(of({ ...me, tier: 'enterprise' }));
    const el = await render();
    const names = [...el.querySelectorAll('[data-testid="billing-prices"] li .gw-mono')].map((n) => n.textContent);
    expect(names).toEqual(['alpha-pro', 'enterprise-only', 'zeta-open']);
  });

  it('says so when no model is open to the tier', async () => {
    models.list.mockReturnValue(of([model({ name: 'enterprise-only', tiers: ['enterprise'] })]));
    const el = await render();
    expect(text(el, 'billing-prices')).toBe('No models are open to your tier yet.');
  });

  it("shows the user's budget as spent of budget this period", async () => {
    users.profile.mockReturnValue(of({ ...me, budget: { budgetUsd: 100, period: 'month', alertThresholds: [80], spentUsd: 12.5, resetsAt: null } }));
    const el = await render();
    expect(text(el, 'budget-bar-text')).toBe('$12.50 of $100.00 this month');
    expect(el.textContent).not.toContain('No budget');
  });

  it('says that only the balance limits spending without a budget', async () => {
    const el = await render();
    expect(el.querySelector('[data-testid="budget-bar-text"]')).toBeNull();
    expect(el.textContent).toContain('No budget: spending is limited by your balance only');
  });

  it("lists the caller's own ledger, each amount in the console's money format", async () => {
    const el = await render();
    expect(billing.ledger).toHaveBeenCalledWith({ page: 1, pageSize: 20, type: '', from: '', to: '' }, undefined);
    const amounts = [...el.querySelectorAll('[data-testid="ledger-amount"]')].map((a) => a.textContent?.trim());
    expect(amounts).toEqual(['\u2212$0.000022', '$500.000000']);
    expect(text(el, 'ledger')).toContain('welcome credit');
    expect(text(el, 'ledger')).toContain('Request req-1');
  });

  it('links to the full price list', async () => {
    const el = await render();
    const link = [...el.querySelectorAll('a')].find((a) => a.textContent?.trim() === 'All prices');
    expect(link?.getAttribute('href')).toBe('/models');
  });

  it('still prices the open models when the profile cannot be loaded', async () => {
    users.profile.mockReturnValue(throwError(() => new Error('offline')));
    const el = await render();
    expect(el.querySelector('[data-testid="billing-balance"]')).toBeNull();
    const names = [...el.querySelectorAll('[data-testid="billing-prices"] li .gw-mono')].map((n) => n.textContent);
    expect(names).toEqual(['zeta-open']);
  });

  it('says in words when the balance or the prices could not be loaded, instead of empty cards', async () => {
    users.profile.mockReturnValue(throwError(() => new HttpErrorResponse({ status: 503, error: { message: 'Database unavailable' } })));
    models.list.mockReturnValue(throwError(() => new HttpErrorResponse({ status: 503, error: { message: 'Database unavailable' } })));
    const el = await render();
    expect(text(el, 'billing-profile-error')).toBe('Could not load your balance and tier: Database unavailable');
    expect(text(el, 'billing-prices-error')).toBe('Could not load the prices: Database unavailable');
    expect(el.textContent).not.toContain('No models are open to your tier');
  });
});
