import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA } from '@angular/material/dialog';
import type { HealthStatus, ProviderHealthView, ProviderView } from '@gateway/contracts';
import { of } from 'rxjs';
import { ProvidersApiService } from '../../api/providers-api.service';
import { NotifyService } from '../../core/notify.service';
import { ProviderDetailsDialogComponent } from './provider-details-dialog.component';

const provider = { id: 'p1', name: 'Azure (EU)', type: 'mock', enabled: true, health: 'unknown' } as ProviderView;
const healthOf = (status: HealthStatus, error: string | null = null): ProviderHealthView => {
  const check = { status, latencyMs: 4, error, checkedAt: '2025-03-01T10:00:00.000Z' };
  return { providerId: 'p1', status, latest: check, history: [check] };
};

describe('ProviderDetailsDialogComponent health check', () => {
  let notify: { ok: ReturnType<typeof vi.fn>; warn: ReturnType<typeof vi.fn>; fail: ReturnType<typeof vi.fn> };
  let api: Record<string, ReturnType<typeof vi.fn>>;

  beforeEach(() => {
    notify = { ok: vi.fn(), warn: vi.fn(), fail: vi.fn() };
    api = {
      health: vi.fn(() => of(healthOf('up'))),
      models: vi.fn(() => of({ models: [], fetchedAt: '2025-03-01T10:00:00.000Z', cached: false })),
      checkHealth: vi.fn(),
    };
    TestBed.configureTestingModule({
      providers: [
        { provide: ProvidersApiService, useValue: api },
        { provide: NotifyService, useValue: notify },
        { provide: MAT_DIALOG_DATA, useValue: provider },
      ],
    });
  });

  async function checkNow(): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(ProviderDetailsDialogComponent);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    (el.querySelector('[data-testid="check-health"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    return el;
  }

  it('reports a provider that is down as a warning, not a success', async () => {
    api['checkHealth'].mockReturnValue(of(healthOf('down', 'connection refused')));
    const el = await checkNow();
    expect(notify.warn).toHaveBeenCalledWith('Provider "Azure (EU)" is down: connection refused');
    expect(notify.ok).not.toHaveBeenCalled();
    expect(el.querySelector('[data-testid="health-status"]')?.textContent?.trim()).toBe('down');
  });

  it('reports a provider that is up as a success', async () => {
    api['checkHealth'].mockReturnValue(of(healthOf('up')));
    await checkNow();
    expect(notify.ok).toHaveBeenCalledWith('Provider "Azure (EU)" is up');
    expect(notify.warn).not.toHaveBeenCalled();
  });
});
