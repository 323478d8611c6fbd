import { HttpErrorResponse } from '@angular/common/http';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { RequestChargeView, RequestDetailView } from '@gateway/contracts';
import { of, throwError } from 'rxjs';
import { RequestsApiService } from '../../api/requests-api.service';
import { NotifyService } from '../../core/notify.service';
import { RequestDetailComponent } from './request-detail.component';

const charge: RequestChargeView = {
  id: 'l1',
  type: 'charge',
  amountUsd: -0.000022,
  requestId: 'req-1',
  note: null,
  createdAt: '2025-03-04T10:00:01Z',
  userId: null,
  teamId: 't1',
};

const detail: RequestDetailView = {
  requestId: 'req-1',
  userId: 'u1',
  userEmail: 'ada@example.com',
  userTier: 'pro',
  keyId: 'k1',
  keyName: 'ci key',
  teamId: 't1',
  teamName: 'Research',
  model: 'sonnet',
  provider: 'anthropic-main',
  providerId: 'p1',
  upstreamModel: 'claude-sonnet-4',
  endpoint: '/v1/chat/completions',
  stream: true,
  status: 502,
  attempts: 3,
  promptTokens: 1234,
  completionTokens: 56,
  cacheReadTokens: 1000,
  cacheWriteTokens: 0,
  reasoningTokens: 7,
  usageSource: 'reported',
  costUsd: 0.000022,
  cacheSavingsUsd: 0.0027,
  latencyMs: 1500,
  ttftMs: 320,
  error: 'upstream timed out',
  createdAt: '2025-03-04T10:00:00Z',
  charges: [charge],
};

describe('RequestDetailComponent', () => {
  let fixture: ComponentFixture<RequestDetailComponent>;
  let api: { detail: ReturnType<typeof vi.fn> };
  let notify: { ok: ReturnType<typeof vi.fn>; fail: ReturnType<typeof vi.fn> };
  let closed: ReturnType<typeof vi.fn<() => void>>;
  const el = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const text = (testId: string) => el().querySelector(`[data-testid="${testId}"]`)?.textContent?.trim();

  async function render(id = 'req-1', answer: RequestDetailView = detail) {
    api = { detail: vi.fn(() => of(answer)) };
    notify = { ok: vi.fn(), fail: vi.fn() };
    TestBed.configureTestingModule({
      providers: [
        { provide: RequestsApiService, useValue: api },
        { provide: NotifyService, useValue: notify },
      ],
    });
    fixture = TestBed.createComponent(RequestDetailComponent);
    fixture.componentRef.setInput('requestId', id);
    closed = vi.fn<() => void>();
    fixture.componentInstance.closed.subscribe(closed);
    await fixture.whenStable();
  }

  it('loads the request it was opened for and shows what was recorded', async () => {
    await render();
    expect(api.detail).toHaveBeenCalledExactlyOnceWith('req-1');
    expect(text('drawer-request-id')).toBe('req-1');
    expect(text('drawer-model')).toBe('sonnet');
    expect(text('drawer-provider')).toBe('anthropic-main · claude-sonnet-4');
    expect(text('drawer-status')).toBe('502 after 3 attempts');
    expect(text('drawer-error')).toBe('upstream timed out');
    const all = el().textContent ?? '';
    expect(all).toContain('ada@example.com (pro)');
    expect(all).toContain('ci key');
    expect(all).toContain('Research');
    expect(all).toContain('/v1/chat/completions (stream)');
    expect(all).toContain('1,500 ms, first token after 320 ms');
    expect(text('drawer-tokens')).toContain('1,234');
    expect(text('drawer-tokens')).toContain('the provider');
  });

  it('shows the cost to the micro-dollar and the ledger charge with a minus sign before the dollar', async () => {
    await render();
    expect(text('drawer-cost')).toBe('$0.000022');
    expect(el().textContent).toContain('$0.0027');
    const charges = el().querySelectorAll('[data-testid="drawer-charges"] li');
    expect(charges).toHaveLength(1);
    expect(charges[0].textContent).toContain('charge');
    expect(charges[0].textContent).toContain('team account');
    expect(charges[0].querySelector('.amount')?.textContent?.trim()).toBe('\u2212$0.000022');
  });

  it('says when nothing was charged, and leaves out what was not recorded', async () => {
    const free: RequestDetailView = {
      ...detail,
      status: 200,
      attempts: 1,
      error: null,
      provider: null,
      upstreamModel: null,
      teamName: null,
      keyId: null,
      keyName: null,
      userEmail: null,
      userTier: null,
      stream: false,
      ttftMs: null,
      usageSource: 'estimated',
      costUsd: 0,
      cacheSavingsUsd: 0,
      charges: [],
    };
    await render('req-1', free);
    expect(text('drawer-charges')).toBe('Nothing charged.');
    expect(text('drawer-status')).toBe('200');
    expect(text('drawer-cost')).toBe('$0.00');
    expect(el().querySelector('[data-testid="drawer-provider"]')).toBeNull();
    expect(el().querySelector('[data-testid="drawer-error"]')).toBeNull();
    const all = el().textContent ?? '';
    expect(all).toContain('deleted user');
    expect(all).toContain('console session');
    expect(all).toContain('the gateway (the provider reported none)');
    expect(all).not.toContain('Saved by caching');
    expect(all).not.toContain('first token');
    expect(all).not.toContain('(stream)');
  });

  it('shows why the request cannot be read, in words', async () => {
    await render();
    const refusal = { statusCode: 404, error: 'Not Found', message: 'No request req-2 that you may see' };
    api.detail.mockReturnValue(throwError(() => new HttpErrorResponse({ status: 404, error: refusal })));
    fixture.componentRef.setInput('requestId', 'req-2');
    await fixture.whenStable();
    expect(api.detail).toHaveBeenLastCalledWith('req-2');
    expect(el().querySelector('[role="alert"]')?.textContent).toContain('No request req-2 that you may see');
    expect(el().querySelector('[data-testid="drawer-request-id"]')).toBeNull();
  });

  it('loads the other request when another one is opened', async () => {
    await render();
    api.detail.mockReturnValue(of({ ...detail, requestId: 'req-2', model: 'haiku' }));
    fixture.componentRef.setInput('requestId', 'req-2');
    await fixture.whenStable();
    expect(api.detail).toHaveBeenCalledTimes(2);
    expect(text('drawer-request-id')).toBe('req-2');
    expect(text('drawer-model')).toBe('haiku');
  });

  it('copies the request id and says so', async () => {
    await render();
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    try {
      const copy = Array.from(el().querySelectorAll('button')).find((b) => b.textContent?.includes('Copy')) as HTMLButtonElement;
      copy.click();
      await fixture.whenStable();
      await vi.waitFor(() => expect(notify.ok).toHaveBeenCalledWith('Request id copied'));
      expect(writeText).toHaveBeenCalledWith('req-1');
    } finally {
      Reflect.deleteProperty(navigator, 'clipboard');
    }
  });

  it('closes from its button and with Escape', async () => {
    await render();
    (el().querySelector('button[aria-label="Close the request details"]') as HTMLButtonElement).click();
    expect(closed).toHaveBeenCalledTimes(1);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(closed).toHaveBeenCalledTimes(2);
  });
});
