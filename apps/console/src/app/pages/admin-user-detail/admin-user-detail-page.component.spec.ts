import { HttpErrorResponse } from '@angular/common/http';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';
import type { KeyView, UserView } from '@gateway/contracts';
import { of, throwError } from 'rxjs';
import { BillingApiService } from '../../api/billing-api.service';
import { KeysApiService } from '../../api/keys-api.service';
import { UsersApiService } from '../../api/users-api.service';
import { ConfirmDialogComponent } from '../../components/confirm-dialog/confirm-dialog.component';
import { NotifyService } from '../../core/notify.service';
import { AdminUserDetailPageComponent } from './admin-user-detail-page.component';
import { keyView } from '../../testing/views';

const user: UserView = {
  id: 'u1',
  email: 'ann@example.com',
  name: 'Ann',
  role: 'user',
  tier: 'free',
  active: true,
  createdAt: '2026-01-15T12:00:00Z',
  balanceUsd: 499.987654,
  budget: null,
  limits: { rpm: 60, tpm: 100_000 },
};

const { limits: _limits, ...withoutLimits } = user;

const key = (over: Partial<KeyView>): KeyView => keyView({ id: 'k', name: 'key', prefix: 'gw-Abc', createdAt: '2026-01-16T00:00:00Z', ...over });

describe('AdminUserDetailPageComponent', () => {
  let fixture: ComponentFixture<AdminUserDetailPageComponent>;
  let answers: unknown[];
  let dialog: { open: ReturnType<typeof vi.fn> };
  let users: { get: ReturnType<typeof vi.fn>; update: ReturnType<typeof vi.fn>; usageByDay: ReturnType<typeof vi.fn> };
  let keys: { listForUser: ReturnType<typeof vi.fn> };
  let billing: { grant: ReturnType<typeof vi.fn>; ledger: ReturnType<typeof vi.fn> };
  let notify: { ok: ReturnType<typeof vi.fn>; fail: ReturnType<typeof vi.fn> };

  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => el().querySelector(`[data-testid="${id}"]`) as T;
  const toggle = () => byTestId('user-active').querySelector('button[role="switch"]') as HTMLButtonElement;
  const selected = (id: string) => byTestId(id).querySelector('.mat-mdc-select-value-text')?.textContent?.trim();

  beforeEach(() => {
    answers = [];
    dialog = { open: vi.fn(() => ({ afterClosed: () => of(answers.shift()) })) };
    // The user as the API holds them: a PATCH changes them, a GET reads them back.
    let stored: UserView = user;
    users = {
      get: vi.fn(() => of(stored)),
      // As the API answers a PATCH: the user's view without the tier's limits.
      update: vi.fn((_id: string, change: object) => {
        stored = { ...stored, ...change };
        return of({ ...withoutLimits, ...change });
      }),
      usageByDay: vi.fn(() => of([])),
    };
    keys = {
      listForUser: vi.fn(() =>
        of([key({ id: 'k1', name: 'ci', prefix: 'gw-Ci1', models: ['haiku', 'sonnet'], lastUsedAt: '2026-03-01T09:30:00Z' }), key({ id: 'k2', name: 'old', revokedAt: '2026-02-01T00:00:00Z' })]),
      ),
    };
    billing = { grant: vi.fn(() => of({})), ledger: vi.fn(() => of({ balanceUsd: 0, history: [], total: 0, page: 1, pageSize: 20 })) };
    notify = { ok: vi.fn(), fail: vi.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: UsersApiService, useValue: users },
        { provide: KeysApiService, useValue: keys },
        { provide: BillingApiService, useValue: billing },
        { provide: MatDialog, useValue: dialog },
        { provide: NotifyService, useValue: notify },
      ],
    });
  });

  async function render(id = 'u1') {
    fixture = TestBed.createComponent(AdminUserDetailPageComponent);
    fixture.componentRef.setInput('id', id);
    await fixture.whenStable();
  }

  async function choose(selectId: string, label: string) {
    (byTestId(selectId).querySelector('.mat-mdc-select-trigger') as HTMLElement).click();
    await fixture.whenStable();
    ([...document.querySelectorAll('mat-option')].find((o) => o.textContent?.trim() === label) as HTMLElement).click();
    await fixture.whenStable();
  }

  async function type(id: string, value: string) {
    const input = byTestId<HTMLInputElement>(id);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  async function submitAdjustment() {
    byTestId<HTMLButtonElement>('adjust-submit').click();
    await fixture.whenStable();
  }

  it('loads the user, their keys and the last 30 days of usage, and shows the profile', async () => {
    await render('u1');
    const day = 86_400_000;
    const today = new Date().toISOString().slice(0, 10);
    expect(users.get).toHaveBeenCalledWith('u1');
    expect(keys.listForUser).toHaveBeenCalledWith('u1');
    const [, from, to] = users.usageByDay.mock.calls[0];
    expect(to).toBe(today);
    expect((Date.parse(to) - Date.parse(from)) / day).toBe(29);
    expect(byTestId('user-email').textContent).toBe('ann@example.com');
    expect(el().textContent).toContain('Ann · joined 15 Jan 2026');
    expect(selected('user-role')).toBe('user');
    expect(selected('user-tier')).toBe('free');
    expect(byTestId('user-access').textContent).toContain('Tier limits: 60 requests and 100,000 tokens a minute per key.');
    expect(el().textContent).toContain('No data for this period');
  });

  it('shows the balance to the cent with every micro-dollar in its title', async () => {
    users.get.mockReturnValue(of({ ...user, balanceUsd: -0.000022 }));
    await render();
    expect(byTestId('user-balance').textContent?.trim()).toBe('$0.00');
    expect(byTestId('user-balance').title).toBe('\u2212$0.000022');
  });

  it("links to the request log filtered by the user's email", async () => {
    await render();
    const link = new URL(byTestId('user-requests').getAttribute('href')!, 'http://console.test');
    expect(link.pathname).toBe('/requests');
    expect([...link.searchParams]).toEqual([['user', 'ann@example.com']]);
  });

  it('lists the keys with their state, models and last use', async () => {
    await render();
    const rows = [...byTestId('user-keys').querySelectorAll('li')].map((li) => [...li.children].map((c) => c.textContent?.trim()));
    expect(rows[0].slice(0, 4)).toEqual(['ci', 'gw-Ci1…', 'active', 'haiku, sonnet']);
    expect(rows[0][4]).toMatch(/^used \d{1,2} Mar 2026, \d{2}:\d{2}$/);
    expect(rows[1]).toEqual(['old', 'gw-Abc…', 'revoked', 'all models of the tier', 'never used']);
  });

  it('asks before promoting to admin, and a "no" sends nothing and puts the role back', async () => {
    await render();
    answers.push(false);
    await choose('user-role', 'admin');
    expect(dialog.open).toHaveBeenCalledTimes(1);
    expect(dialog.open.mock.calls[0][0]).toBe(ConfirmDialogComponent);
    expect(dialog.open.mock.calls[0][1].data).toMatchObject({ title: 'Make ann@example.com an admin?', confirm: 'Make admin' });
    expect(users.update).not.toHaveBeenCalled();
    expect(selected('user-role')).toBe('user');

    answers.push(true);
    await choose('user-role', 'admin');
    expect(users.update).toHaveBeenCalledExactlyOnceWith('u1', { role: 'admin' });
    expect(notify.ok).toHaveBeenCalledWith('ann@example.com updated');
    expect(selected('user-role')).toBe('admin');
  });

  it('asks before deactivating, and a "no" leaves the user active', async () => {
    await render();
    answers.push(undefined);
    toggle().click();
    await fixture.whenStable();
    expect(dialog.open.mock.calls[0][1].data.confirm).toBe('Deactivate');
    expect(users.update).not.toHaveBeenCalled();
    expect(toggle().getAttribute('aria-checked')).toBe('true');

    answers.push(true);
    toggle().click();
    await fixture.whenStable();
    expect(users.update).toHaveBeenCalledExactlyOnceWith('u1', { active: false });
    expect(toggle().getAttribute('aria-checked')).toBe('false');
    expect(el().querySelector('.gw-page-header .gw-badge')?.textContent).toBe('deactivated');
  });

  it('changes the tier without asking', async () => {
    await render();
    await choose('user-tier', 'pro');
    expect(dialog.open).not.toHaveBeenCalled();
    expect(users.update).toHaveBeenCalledExactlyOnceWith('u1', { tier: 'pro' });
    expect(selected('user-tier')).toBe('pro');
  });

  it("shows the new tier's limits after a tier change (the update's answer carries none)", async () => {
    await render();
    users.update.mockReturnValue(of({ ...withoutLimits, tier: 'enterprise' }));
    users.get.mockReturnValue(of({ ...user, tier: 'enterprise', limits: { rpm: 6000, tpm: 10_000_000 } }));
    await choose('user-tier', 'enterprise');
    expect(byTestId('user-access').textContent).toContain('Tier limits: 6,000 requests and 10,000,000 tokens a minute per key.');
  });

  it('says why a change was refused and shows the user as they are', async () => {
    const refused = new HttpErrorResponse({ status: 409, error: { statusCode: 409, message: 'This is the last active admin' } });
    users.get.mockReturnValue(of({ ...user, role: 'admin' }));
    users.update.mockReturnValue(throwError(() => refused));
    await render();
    answers.push(true);
    await choose('user-role', 'user');
    expect(dialog.open.mock.calls[0][1].data.confirm).toBe('Remove admin role');
    expect(notify.fail).toHaveBeenCalledWith(refused, 'Could not update the user');
    expect(selected('user-role')).toBe('admin');
  });

  it('grants credit after confirmation, with the trimmed note, then refreshes balance and ledger', async () => {
    await render();
    expect(byTestId<HTMLButtonElement>('adjust-submit').disabled).toBe(true);
    await type('adjust-amount', '5');
    await type('adjust-note', '  welcome bonus  ');
    expect(byTestId('adjust-submit').textContent?.trim()).toBe('Grant');
    const ledgerLoads = billing.ledger.mock.calls.length;
    users.get.mockReturnValue(of({ ...user, balanceUsd: 504.987654 }));
    answers.push(true);
    await submitAdjustment();

    expect(dialog.open.mock.calls[0][1].data).toMatchObject({ title: 'Grant $5.00 to ann@example.com?', confirm: 'Grant' });
    expect(billing.grant).toHaveBeenCalledExactlyOnceWith({ userId: 'u1', amountUsd: 5, note: 'welcome bonus' });
    expect(notify.ok).toHaveBeenCalledWith('Granted $5.00 to ann@example.com');
    expect(byTestId('user-balance').textContent?.trim()).toBe('$504.99');
    expect(billing.ledger.mock.calls.length).toBe(ledgerLoads + 1);
    expect(billing.ledger).toHaveBeenLastCalledWith(expect.objectContaining({ page: 1 }), 'u1');
    expect(byTestId<HTMLInputElement>('adjust-amount').value).toBe('');
    expect(byTestId<HTMLInputElement>('adjust-note').value).toBe('');
  });

  it('sends a deduction as a negative grant with its note', async () => {
    await render();
    await type('adjust-amount', '-0.000022');
    await type('adjust-note', 'test traffic');
    expect(byTestId('adjust-submit').textContent?.trim()).toBe('Deduct');
    answers.push(true);
    await submitAdjustment();
    expect(dialog.open.mock.calls[0][1].data).toMatchObject({ title: 'Deduct $0.000022 from ann@example.com?', confirm: 'Deduct' });
    expect(billing.grant).toHaveBeenCalledExactlyOnceWith({ userId: 'u1', amountUsd: -0.000022, note: 'test traffic' });
    expect(notify.ok).toHaveBeenCalledWith('Deducted $0.000022 from ann@example.com');
  });

  it('sends nothing when the adjustment is not confirmed, and keeps what was typed', async () => {
    await render();
    await type('adjust-amount', '-20');
    answers.push(false);
    await submitAdjustment();
    expect(dialog.open).toHaveBeenCalledTimes(1);
    expect(billing.grant).not.toHaveBeenCalled();
    expect(byTestId<HTMLInputElement>('adjust-amount').value).toBe('-20');
  });

  it('says in words why a balance change failed, and lets it be sent again', async () => {
    const refused = new HttpErrorResponse({ status: 400, error: { statusCode: 400, message: ['amountUsd must not be 0'] } });
    billing.grant.mockReturnValue(throwError(() => refused));
    await render();
    await type('adjust-amount', '3');
    answers.push(true);
    await submitAdjustment();
    expect(notify.fail).toHaveBeenCalledWith(refused, 'Could not change the balance');
    expect(notify.ok).not.toHaveBeenCalled();
    expect(byTestId<HTMLButtonElement>('adjust-submit').disabled).toBe(false);
  });

  it('says when the user cannot be loaded', async () => {
    const missing = new HttpErrorResponse({ status: 404, error: { statusCode: 404, message: 'User not found' } });
    users.get.mockReturnValue(throwError(() => missing));
    await render('u404');
    expect(notify.fail).toHaveBeenCalledWith(missing, 'Could not load the user');
    expect(el().querySelector('[data-testid="user-email"]')).toBeNull();
  });
});
