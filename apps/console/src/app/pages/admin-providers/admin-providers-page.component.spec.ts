import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import type { HealthStatus, ProviderHealthView, ProviderView } from '@gateway/contracts';
import { of, Subject, throwError } from 'rxjs';
import { ProvidersApiService } from '../../api/providers-api.service';
import { ProviderDetailsDialogComponent } from '../../components/provider-details-dialog/provider-details-dialog.component';
import { NotifyService } from '../../core/notify.service';
import { AdminProvidersPageComponent } from './admin-providers-page.component';

const provider = (name: string, over: Partial<ProviderView> = {}): ProviderView => ({
  id: `id-${name}`,
  name,
  type: 'mock',
  baseUrl: null,
  apiKey: null,
  headers: {},
  timeoutMs: 30_000,
  enabled: true,
  health: 'unknown',
  createdAt: '2025-03-01T00:00:00.000Z',
  updatedAt: '2025-03-01T00:00:00.000Z',
  ...over,
});

const healthOf = (providerId: string, status: HealthStatus, error: string | null = null): ProviderHealthView => {
  const check = { status, latencyMs: 4, error, checkedAt: '2025-03-01T10:00:00.000Z' };
  return { providerId, status, latest: check, history: [check] };
};

describe('AdminProvidersPageComponent health checks', () => {
  let api: { list: ReturnType<typeof vi.fn>; checkHealth: ReturnType<typeof vi.fn> };
  let notify: { ok: ReturnType<typeof vi.fn>; warn: ReturnType<typeof vi.fn>; fail: ReturnType<typeof vi.fn> };
  let dialog: { open: ReturnType<typeof vi.fn> };

  async function render() {
    const fixture = TestBed.createComponent(AdminProvidersPageComponent);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const badge = (name: string) => el.querySelector(`tr[data-provider="${name}"] [data-testid="provider-health"]`)?.textContent?.trim();
    const check = (name: string) => el.querySelector(`tr[data-provider="${name}"] button.check-health`) as HTMLButtonElement;
    return { fixture, el, badge, check };
  }

  beforeEach(() => {
    api = { list: vi.fn(() => of([provider('mock-1'), provider('off', { enabled: false })])), checkHealth: vi.fn() };
    notify = { ok: vi.fn(), warn: vi.fn(), fail: vi.fn() };
    dialog = { open: vi.fn(() => ({ afterClosed: () => of(undefined) })) };
    TestBed.configureTestingModule({
      providers: [
        { provide: ProvidersApiService, useValue: api },
        { provide: NotifyService, useValue: notify },
        { provide: MatDialog, useValue: dialog },
      ],
    });
  });

  it('checks one provider now and refreshes its badge', async () => {
    const result = new Subject<ProviderHealthView>();
    api.checkHealth.mockReturnValue(result);
    const { fixture, el, badge, check } = await render();
    expect(badge('mock-1')).toBe('unknown');

    check('mock-1').click();
    await fixture.whenStable();
    expect(api.checkHealth).toHaveBeenCalledWith('id-mock-1');
    expect(check('mock-1').disabled).toBe(true);
    expect(el.querySelector('tr[data-provider="mock-1"] .checking')).not.toBeNull();

    result.next(healthOf('id-mock-1', 'up'));
    await fixture.whenStable();
    expect(badge('mock-1')).toBe('up');
    expect(check('mock-1').disabled).toBe(false);
    expect(notify.ok).toHaveBeenCalledWith('Provider "mock-1" is up');
    expect(api.list).toHaveBeenCalledTimes(1);
  });

  it('warns when the provider is not up, or the check fails', async () => {
    const { fixture, badge, check } = await render();
    api.checkHealth.mockReturnValueOnce(of(healthOf('id-mock-1', 'down', 'connection refused')));
    check('mock-1').click();
    await fixture.whenStable();
    expect(badge('mock-1')).toBe('down');
    expect(notify.warn).toHaveBeenCalledWith('Provider "mock-1" is down: connection refused');
    expect(notify.ok).not.toHaveBeenCalled();

    const err = new Error('Job 3 is still waiting');
    api.checkHealth.mockReturnValueOnce(throwError(() => err));
    check('mock-1').click();
    await fixture.whenStable();
    expect(notify.fail).toHaveBeenCalledWith(err, 'Could not check "mock-1"');
    expect(check('mock-1').disabled).toBe(false);
  });

  it('does not offer a check for a disabled provider (probes skip it)', async () => {
    const { check } = await render();
    expect(check('off').disabled).toBe(true);
  });

  it('reloads the list after the details dialog closes, as a check there may have changed the badge', async () => {
    const { fixture, el } = await render();
    (el.querySelector('tr[data-provider="mock-1"] button[aria-label="Health, test and models of mock-1"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(dialog.open.mock.calls[0][0]).toBe(ProviderDetailsDialogComponent);
    expect(api.list).toHaveBeenCalledTimes(2);
  });
});
