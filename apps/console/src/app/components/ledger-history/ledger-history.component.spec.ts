import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { CreditsView, LedgerEntryView } from '@gateway/contracts';
import { of, throwError, Subject } from 'rxjs';
import { BillingApiService } from '../../api/billing-api.service';
import { NotifyService } from '../../core/notify.service';
import { LedgerHistoryComponent } from './ledger-history.component';

const entry = (over: Partial<LedgerEntryView>): LedgerEntryView => ({
  id: over.id ?? 'e',
  type: 'charge',
  amountUsd: -1,
  requestId: null,
  note: null,
  createdAt: '2026-03-02T10:00:00Z',
  ...over,
});

const page = (history: LedgerEntryView[], total = history.length): CreditsView => ({ balanceUsd: 10, history, total, page: 1, pageSize: 20 });

const firstPage = { page: 1, pageSize: 20, type: '', from: '', to: '' };

describe('LedgerHistoryComponent', () => {
  let fixture: ComponentFixture<LedgerHistoryComponent>;
  let billing: { ledger: ReturnType<typeof vi.fn> };
  let notify: { ok: ReturnType<typeof vi.fn>; fail: ReturnType<typeof vi.fn> };

  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (testId: string) => el().querySelector(`[data-testid="${testId}"]`) as HTMLElement | null;

  beforeEach(() => {
    billing = {
      ledger: vi.fn(() =>
        of(
          page([
            entry({ id: 'e1', type: 'charge', amountUsd: -0.000022, requestId: 'req-42' }),
            entry({ id: 'e2', type: 'grant', amountUsd: 25, note: 'top-up' }),
            entry({ id: 'e3', type: 'refund', amountUsd: 0.0042, requestId: 'req-7', note: 'upstream failed' }),
          ]),
        ),
      ),
    };
    notify = { ok: vi.fn(), fail: vi.fn() };
  });

  async function render(inputs: { userId?: string } = {}) {
    TestBed.configureTestingModule({
      providers: [
        { provide: BillingApiService, useValue: billing },
        { provide: NotifyService, useValue: notify },
      ],
    });
    fixture = TestBed.createComponent(LedgerHistoryComponent);
    if (inputs.userId) fixture.componentRef.setInput('userId', inputs.userId);
    await fixture.whenStable();
  }

  async function setDate(testId: 'ledger-from' | 'ledger-to', value: string) {
    const input = byTestId(testId) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('change'));
    await fixture.whenStable();
  }

  async function chooseType(label: string) {
    (byTestId('ledger-type')!.querySelector('.mat-mdc-select-trigger') as HTMLElement).click();
    await fixture.whenStable();
    const option = [...document.querySelectorAll('mat-option')].find((o) => o.textContent?.trim() === label) as HTMLElement;
    option.click();
    await fixture.whenStable();
  }

  it("loads the caller's own first page, or the given user's for an admin", async () => {
    await render();
    expect(billing.ledger).toHaveBeenCalledTimes(1);
    expect(billing.ledger).toHaveBeenCalledWith(firstPage, undefined);

    TestBed.resetTestingModule();
    billing.ledger.mockClear();
    await render({ userId: 'u-9' });
    expect(billing.ledger).toHaveBeenLastCalledWith(firstPage, 'u-9');
  });

  it('shows each entry with its type, what it was for, and one precision for the whole column', async () => {
    await render();
    const rows = [...el().querySelectorAll('[data-testid="ledger-entry"]')];
    expect(rows.map((r) => r.querySelector('.gw-badge')?.textContent?.trim())).toEqual(['Charge', 'Grant', 'Refund']);
    expect(rows.map((r) => r.querySelector('.what')?.textContent?.trim())).toEqual(['Request req-42', 'top-up', 'upstream failed']);
    const amounts = [...el().querySelectorAll('[data-testid="ledger-amount"]')] as HTMLElement[];
    expect(amounts.map((a) => a.textContent?.trim())).toEqual(['\u2212$0.000022', '$25.000000', '$0.004200']);
    expect(amounts.map((a) => a.title)).toEqual(['\u2212$0.000022', '$25.00', '$0.0042']);
    expect(amounts[0].classList).toContain('negative');
    expect(amounts[1].classList).not.toContain('negative');
  });

  it('uses cents when every amount is whole cents', async () => {
    billing.ledger.mockReturnValue(of(page([entry({ id: 'a', amountUsd: -1234.5 }), entry({ id: 'b', type: 'grant', amountUsd: 10 })])));
    await render();
    const amounts = [...el().querySelectorAll('[data-testid="ledger-amount"]')].map((a) => a.textContent?.trim());
    expect(amounts).toEqual(['\u2212$1,234.50', '$10.00']);
  });

  it('asks for the chosen type, back on the first page', async () => {
    billing.ledger.mockReturnValue(of(page([entry({ id: 'a' })], 65)));
    await render();
    (el().querySelector('.mat-mdc-paginator-navigation-next') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(billing.ledger).toHaveBeenLastCalledWith({ ...firstPage, page: 2 }, undefined);

    await chooseType('Refund');
    expect(billing.ledger).toHaveBeenLastCalledWith({ ...firstPage, type: 'refund' }, undefined);
    expect(billing.ledger).toHaveBeenCalledTimes(3);
  });

  it('asks for the chosen days, and says From after To in words instead of asking', async () => {
    await render();
    await setDate('ledger-from', '2026-03-01');
    expect(billing.ledger).toHaveBeenLastCalledWith({ ...firstPage, from: '2026-03-01' }, undefined);
    const calls = billing.ledger.mock.calls.length;

    await setDate('ledger-to', '2026-02-01');
    const problem = byTestId('ledger-range-error');
    expect(problem?.getAttribute('role')).toBe('alert');
    expect(problem?.textContent).toContain('From must not be after To');
    expect(billing.ledger).toHaveBeenCalledTimes(calls);
    // No entries of the last valid range under it, as if they were this range's.
    expect(el().querySelectorAll('[data-testid="ledger-entry"]')).toHaveLength(0);

    await setDate('ledger-to', '2026-03-31');
    expect(byTestId('ledger-range-error')).toBeNull();
    expect(billing.ledger).toHaveBeenLastCalledWith({ ...firstPage, from: '2026-03-01', to: '2026-03-31' }, undefined);
  });

  it('says whether the ledger is empty or only the filters match nothing', async () => {
    billing.ledger.mockReturnValue(of(page([])));
    await render();
    expect(byTestId('ledger-empty')?.textContent?.trim()).toBe('No entries yet.');
    await setDate('ledger-from', '2026-03-01');
    expect(byTestId('ledger-empty')?.textContent?.trim()).toBe('No entries match these filters.');
  });

  it('reloads with the same filters when the page asks it to', async () => {
    await render({ userId: 'u-9' });
    await setDate('ledger-from', '2026-03-01');
    const calls = billing.ledger.mock.calls.length;
    fixture.componentRef.setInput('reload', 1);
    await fixture.whenStable();
    expect(billing.ledger).toHaveBeenCalledTimes(calls + 1);
    expect(billing.ledger).toHaveBeenLastCalledWith({ ...firstPage, from: '2026-03-01' }, 'u-9');
  });

  it('says in words why the history could not be loaded, and stops loading', async () => {
    const refused = new HttpErrorResponse({ status: 403, error: { statusCode: 403, message: 'Admins only' } });
    billing.ledger.mockReturnValue(throwError(() => refused));
    await render();
    expect(notify.fail).toHaveBeenCalledWith(refused, 'Could not load the credit history');
    expect(el().querySelector('mat-progress-bar')).toBeNull();
    expect(byTestId('ledger')).toBeNull();
  });

  it("shows the last filter's entries even when an earlier, slower answer arrives after them", async () => {
    await render();
    const slow = new Subject<CreditsView>();
    billing.ledger.mockReturnValueOnce(slow);
    await setDate('ledger-from', '2026-03-01');
    billing.ledger.mockReturnValueOnce(of(page([entry({ id: 'march', type: 'grant', amountUsd: 1, note: 'from March' })])));
    await setDate('ledger-to', '2026-03-31');
    slow.next(page([entry({ id: 'stale', type: 'grant', amountUsd: 2, note: 'stale answer' })]));
    await fixture.whenStable();
    expect(el().textContent).toContain('from March');
    expect(el().textContent).not.toContain('stale answer');
  });
});

describe('LedgerHistoryComponent requests', () => {
  it('sends the filters as query parameters, to the user’s ledger for an admin', async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: NotifyService, useValue: { ok: vi.fn(), fail: vi.fn() } }],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(LedgerHistoryComponent);
    fixture.componentRef.setInput('userId', 'u-9');
    await fixture.whenStable();
    const first = http.expectOne((r) => r.url === '/api/v1/admin/users/u-9/credits');
    expect(first.request.params.keys().sort()).toEqual(['page', 'pageSize']);
    first.flush(page([]));
    await fixture.whenStable();

    const input = (testId: string, value: string) => {
      const field = (fixture.nativeElement as HTMLElement).querySelector(`[data-testid="${testId}"]`) as HTMLInputElement;
      field.value = value;
      field.dispatchEvent(new Event('change'));
    };
    input('ledger-from', '2026-03-01');
    input('ledger-to', '2026-03-31');
    await fixture.whenStable();
    http.expectOne((r) => r.url === '/api/v1/admin/users/u-9/credits').flush(page([]));
    (fixture.nativeElement.querySelector('[data-testid="ledger-type"] .mat-mdc-select-trigger') as HTMLElement).click();
    await fixture.whenStable();
    ([...document.querySelectorAll('mat-option')].find((o) => o.textContent?.trim() === 'Charge') as HTMLElement).click();
    await fixture.whenStable();
    const filtered = http.expectOne((r) => r.url === '/api/v1/admin/users/u-9/credits');
    const params = filtered.request.params;
    expect(Object.fromEntries(params.keys().map((k) => [k, params.get(k)]))).toEqual({ page: '1', pageSize: '20', type: 'charge', from: '2026-03-01', to: '2026-03-31' });
    filtered.flush(page([]));
    http.verify();
  });

});
