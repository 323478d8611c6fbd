import { HttpErrorResponse } from '@angular/common/http';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { RequestDetailView, RequestLogPage } from '@gateway/contracts';
import { of, Subject, throwError } from 'rxjs';
import { RequestsApiService } from '../../api/requests-api.service';
import { AuthService } from '../../core/auth.service';
import { TeamScopeService } from '../../core/team-scope.service';
import { RequestDetailComponent } from './request-detail.component';
import { RequestsPageComponent } from './requests-page.component';
import { pages, row, team } from './requests-page.fixtures';

/** The request log while pages load slowly or fail, and filters a reader's route does not take. */
describe('RequestsPageComponent loading', () => {
  let fixture: ComponentFixture<RequestsPageComponent>;
  let api: { page: ReturnType<typeof vi.fn>; detail: ReturnType<typeof vi.fn> };
  const isAdmin = signal(false);
  const el = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const q = (testId: string) => el().querySelector(`[data-testid="${testId}"]`) as HTMLElement | null;
  const shown = () => Array.from(el().querySelectorAll('[data-request]')).map((r) => r.getAttribute('data-request'));

  beforeEach(() => {
    isAdmin.set(false);
    localStorage.clear();
    api = {
      page: vi.fn((_scope: unknown, params: Record<string, string | number>) => of(pages[(params['cursor'] as string) ?? 'first'])),
      detail: vi.fn(),
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

  it("sends no provider for a reader whose log does not take one (a shared admin's link)", async () => {
    await render('/?provider=anthropic-main&model=sonnet');
    expect(api.page.mock.lastCall![1]).toEqual({ limit: 50, model: 'sonnet' });
    const scope = TestBed.inject(TeamScopeService);
    scope.setTeams([team('owner')]);
    scope.select('t1');
    await fixture.whenStable();
    expect(api.page.mock.lastCall).toEqual([{ kind: 'team', teamId: 't1' }, { limit: 50, model: 'sonnet' }]);
  });

  it('asks for the next page once however often "Older" is clicked while it loads', async () => {
    await render();
    const slow = new Subject<RequestLogPage>();
    api.page.mockReturnValueOnce(slow);
    const older = q('older') as HTMLButtonElement;
    older.click();
    older.click();
    fixture.detectChanges();
    expect(older.disabled).toBe(true);
    expect(api.page).toHaveBeenCalledTimes(2);
    slow.next(pages['c2']);
    slow.complete();
    await fixture.whenStable();
    expect(q('page-number')?.textContent).toBe('Page 2');
    expect(shown()).toEqual(['r3']);
    (q('newer') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(api.page.mock.lastCall![1]).toEqual({ limit: 50 });
    expect(q('page-number')?.textContent).toBe('Page 1');
  });

  it('keeps the page shown, and its pager, when the next one fails to load', async () => {
    await render();
    api.page.mockReturnValueOnce(throwError(() => new HttpErrorResponse({ status: 503 })));
    (q('older') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(shown()).toEqual(['r1', 'r2']);
    expect(q('page-number')?.textContent).toBe('Page 1');
    expect((q('older') as HTMLButtonElement).disabled).toBe(false);
    expect(q('requests-empty')).toBeNull();
  });

  it('says the log could not be loaded, not that nothing matches, when a fresh load fails', async () => {
    api.page.mockReturnValue(throwError(() => new HttpErrorResponse({ status: 400, error: { message: ['status must be ok'] } })));
    await render('/?status=ok');
    expect(q('requests-failed')?.textContent).toContain('could not be loaded');
    expect(q('requests-empty')).toBeNull();
  });
});

describe('RequestDetailComponent answers out of order', () => {
  it('shows the request asked for last even when an earlier answer arrives after it', async () => {
    const answers: Record<string, Subject<RequestDetailView>> = { first: new Subject(), second: new Subject() };
    TestBed.configureTestingModule({ providers: [{ provide: RequestsApiService, useValue: { detail: (id: string) => answers[id] } }] });
    const fixture = TestBed.createComponent(RequestDetailComponent);
    fixture.componentRef.setInput('requestId', 'first');
    await fixture.whenStable();
    fixture.componentRef.setInput('requestId', 'second');
    await fixture.whenStable();
    const view = (id: string, model: string): RequestDetailView => ({ ...row(id, { model }), attempts: 1, userTier: 'pro', providerId: null, charges: [] });
    answers['second'].next(view('second', 'model-of-second'));
    answers['first'].next(view('first', 'model-of-first'));
    await fixture.whenStable();
    const text = (fixture.nativeElement as HTMLElement).textContent;
    expect(text).toContain('model-of-second');
    expect(text).not.toContain('model-of-first');
  });
});
