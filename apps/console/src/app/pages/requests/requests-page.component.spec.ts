import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpErrorResponse } from '@angular/common/http';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { provideRouter, Router } from '@angular/router';
import type { RequestDetailView, TeamView } from '@gateway/contracts';
import { of, throwError } from 'rxjs';
import { RequestsApiService } from '../../api/requests-api.service';
import { AuthService } from '../../core/auth.service';
import { TeamScopeService } from '../../core/team-scope.service';
import { RequestsPageComponent } from './requests-page.component';
import { pages, row, team } from './requests-page.fixtures';

describe('RequestsPageComponent', () => {
  let fixture: ComponentFixture<RequestsPageComponent>;
  let api: { page: ReturnType<typeof vi.fn>; detail: ReturnType<typeof vi.fn> };
  const isAdmin = signal(false);
  const el = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const q = (testId: string) => el().querySelector(`[data-testid="${testId}"]`) as HTMLElement | null;
  const lastCall = () => api.page.mock.lastCall as [unknown, Record<string, string | number>];
  const headers = () => Array.from(el().querySelectorAll('th')).map((th) => th.textContent?.trim());

  beforeEach(() => {
    localStorage.clear();
    isAdmin.set(false);
    api = {
      page: vi.fn((_scope: unknown, params: Record<string, string | number>) => of(pages[(params['cursor'] as string) ?? 'first'])),
      detail: vi.fn((id: string) => of({ ...row(id), attempts: 1, userTier: 'pro', providerId: 'p1', charges: [] } satisfies RequestDetailView)),
    };
    TestBed.configureTestingModule({
      providers: [provideRouter([]), { provide: RequestsApiService, useValue: api }, { provide: AuthService, useValue: { isAdmin } }],
    });
  });

  async function render(url = '/') {
    await TestBed.inject(Router).navigateByUrl(url);
    fixture = TestBed.createComponent(RequestsPageComponent);
    await fixture.whenStable();
  }

  async function type(testId: string, value: string) {
    const field = q(testId) as HTMLInputElement;
    field.value = value;
    field.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  async function click(testId: string) {
    (q(testId) as HTMLButtonElement).click();
    await fixture.whenStable();
  }

  function asTeam(role: TeamView['role']) {
    const scope = TestBed.inject(TeamScopeService);
    scope.setTeams([team(role)]);
    scope.select('t1');
  }

  it("shows an admin everyone's newest requests, with the user and provider columns", async () => {
    isAdmin.set(true);
    await render();
    expect(api.page).toHaveBeenCalledExactlyOnceWith({ kind: 'all' }, { limit: 50 });
    expect(headers()).toEqual(expect.arrayContaining(['User / key', 'Provider']));
    expect(headers()).not.toContain('Key');
    expect(q('filter-user')).not.toBeNull();
    expect(q('filter-provider')).not.toBeNull();
    expect(el().querySelectorAll('[data-request]')).toHaveLength(2);
  });

  it("sends the applied filters to the API as its query parameters, and cuts a pasted secret to the key's prefix", async () => {
    isAdmin.set(true);
    await render();
    await type('filter-from', '2025-03-01');
    await type('filter-to', '2025-03-07');
    await type('filter-model', 'sonnet');
    await type('filter-user', ' ada@example.com ');
    const secret = 'gw-AbCdEfGhIjKlMnOpQrSt';
    await type('filter-key', secret);
    await type('filter-provider', 'anthropic-main');
    await type('filter-min-cost', '0.5');
    const status = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatSelectHarness);
    await status.open();
    await status.clickOptions({ text: '5xx (upstream or gateway)' });
    await click('apply-filters');

    expect(lastCall()).toEqual([
      { kind: 'all' },
      { limit: 50, from: '2025-03-01', to: '2025-03-07', model: 'sonnet', user: 'ada@example.com', key: 'gw-AbCdEfG', provider: 'anthropic-main', status: '5xx', minCostUsd: '0.5' },
    ]);
    const url = TestBed.inject(Router).url;
    expect(url).toContain('key=gw-AbCdEfG');
    expect(url).not.toContain(secret.slice('gw-AbCdEfG'.length));
    expect(url).toContain('status=5xx');
  });

  it('says "From must not be after To" and asks for nothing until the range is fixed', async () => {
    await render();
    await type('filter-from', '2025-03-09');
    await type('filter-to', '2025-03-08');
    expect(q('filter-problem')?.textContent).toContain('From must not be after To');
    expect((q('apply-filters') as HTMLButtonElement).disabled).toBe(true);

    q('request-filters')?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    expect(api.page).toHaveBeenCalledTimes(1);
    expect(TestBed.inject(Router).url).toBe('/');

    await type('filter-to', '2025-03-10');
    expect(q('filter-problem')).toBeNull();
    await click('apply-filters');
    expect(lastCall()[1]).toEqual({ limit: 50, from: '2025-03-09', to: '2025-03-10' });
  });

  it('refuses a negative minimum cost in words', async () => {
    await render();
    await type('filter-min-cost', '-1');
    expect(q('filter-problem')?.textContent).toContain('Minimum cost must be an amount of 0 or more');
    expect((q('apply-filters') as HTMLButtonElement).disabled).toBe(true);
  });

  it('starts from the filters in the URL, a linked user or key id included', async () => {
    asTeam('owner');
    await render('/?model=sonnet&status=429&userId=u9&keyId=k9');
    expect(lastCall()).toEqual([{ kind: 'team', teamId: 't1' }, { limit: 50, model: 'sonnet', status: '429', user: 'u9', key: 'k9' }]);
    expect((q('filter-model') as HTMLInputElement).value).toBe('sonnet');
    expect((q('filter-user') as HTMLInputElement).value).toBe('u9');
  });

  it('goes to older pages with the next cursor, and back with "Newer"', async () => {
    await render();
    expect(q('page-number')?.textContent).toContain('Page 1');
    expect((q('newer') as HTMLButtonElement).disabled).toBe(true);

    await click('older');
    expect(lastCall()[1]).toEqual({ limit: 50, cursor: 'c2' });
    expect(q('page-number')?.textContent).toContain('Page 2');
    expect(el().textContent).toContain('page-two-model');

    await click('older');
    expect(lastCall()[1]).toEqual({ limit: 50, cursor: 'c3' });
    expect(q('page-number')?.textContent).toContain('Page 3');
    expect((q('older') as HTMLButtonElement).disabled).toBe(true);

    await click('newer');
    expect(lastCall()[1]).toEqual({ limit: 50, cursor: 'c2' });
    expect(q('page-number')?.textContent).toContain('Page 2');

    await click('newer');
    expect(lastCall()[1]).toEqual({ limit: 50 });
    expect(q('page-number')?.textContent).toContain('Page 1');
    expect(el().querySelector('[data-request="r1"]')).not.toBeNull();
    expect(api.page).toHaveBeenCalledTimes(5);
  });

  it('keeps the filters when paging', async () => {
    await render('/?model=sonnet');
    await click('older');
    expect(lastCall()[1]).toEqual({ limit: 50, model: 'sonnet', cursor: 'c2' });
  });

  it('shows anyone else their own requests: no user or provider column, and a user in the URL is not sent', async () => {
    await render('/?user=someone@example.com&model=sonnet');
    expect(lastCall()).toEqual([{ kind: 'mine' }, { limit: 50, model: 'sonnet' }]);
    expect(el().textContent).toContain('Your requests');
    expect(headers()).toContain('Key');
    expect(headers()).not.toContain('User / key');
    expect(headers()).not.toContain('Provider');
    expect(q('filter-user')).toBeNull();
    expect(q('filter-provider')).toBeNull();
  });

  it("shows a team's owner the team's requests with the user column, but no provider column", async () => {
    asTeam('owner');
    await render();
    expect(lastCall()[0]).toEqual({ kind: 'team', teamId: 't1' });
    expect(el().textContent).toContain('The requests of your team');
    expect(headers()).toContain('User / key');
    expect(headers()).not.toContain('Provider');
    expect(q('filter-provider')).toBeNull();
  });

  it("shows a team's member only their own requests in that team", async () => {
    asTeam('member');
    await render();
    expect(lastCall()[0]).toEqual({ kind: 'mine', teamId: 't1' });
    expect(headers()).not.toContain('User / key');
  });

  it('reloads from the first page when the team is switched in the toolbar', async () => {
    await render();
    await click('older');
    asTeam('owner');
    await fixture.whenStable();
    expect(lastCall()).toEqual([{ kind: 'team', teamId: 't1' }, { limit: 50 }]);
    expect(q('page-number')?.textContent).toContain('Page 1');
  });

  it("shows costs in the console's money format, the column to the smallest cost's digits", async () => {
    await render();
    const costs = Array.from(el().querySelectorAll('[data-testid="request-cost"]')).map((c) => c.textContent?.trim());
    expect(costs).toEqual(['$0.000022', '$1.500000']);
  });

  it('opens the drawer on a request and shows its charge', async () => {
    api.detail.mockImplementation((id: string) =>
      of({ ...row(id), attempts: 1, userTier: null, providerId: null, charges: [{ id: 'l1', type: 'charge', amountUsd: -1.5, requestId: id, note: null, createdAt: '2025-03-04T10:00:01Z', userId: 'u1', teamId: null }] }),
    );
    await render();
    expect(q('request-drawer')).toBeNull();
    (el().querySelector('[data-request="r2"] [data-testid="open-request"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(api.detail).toHaveBeenCalledExactlyOnceWith('r2');
    expect(q('drawer-request-id')?.textContent).toBe('r2');
    expect(q('drawer-charges')?.textContent).toContain('\u2212$1.50');
    expect(el().querySelector('[data-request="r2"]')?.classList).toContain('picked');

    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await fixture.whenStable();
    expect(q('request-drawer')).toBeNull();
  });

  it('opens the request a link names', async () => {
    await render('/?open=r1');
    expect(api.detail).toHaveBeenCalledWith('r1');
    expect(q('drawer-request-id')?.textContent).toBe('r1');
  });

  it('says in words why the log could not be loaded', async () => {
    const refused = { statusCode: 400, error: 'Bad Request', message: ['status must be ok, error, a class (4xx) or a code (429)'] };
    api.page.mockReturnValue(throwError(() => new HttpErrorResponse({ status: 400, error: refused })));
    await render('/?status=bad');
    expect(document.body.textContent).toContain('Could not load the request log: Status must be ok, error, a class (4xx) or a code (429)');
    expect(q('requests-table')).toBeNull();
    expect(q('requests-empty')).toBeNull();
    expect(q('requests-failed')).not.toBeNull();
  });
});
