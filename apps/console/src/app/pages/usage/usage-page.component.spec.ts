import { TestBed } from '@angular/core/testing';
import { FormControl, FormGroup } from '@angular/forms';
import type { KeyView } from '@gateway/contracts';
import { ActivatedRoute, convertToParamMap, Router } from '@angular/router';
import { of } from 'rxjs';
import { KeysApiService } from '../../api/keys-api.service';
import { ModelsApiService } from '../../api/models-api.service';
import { UsageApiService } from '../../api/usage-api.service';
import { NotifyService } from '../../core/notify.service';
import { dayRangeValidator, keysForFilter, UsagePageComponent } from './usage-page.component';

describe('UsagePageComponent filters', () => {
  let usage: { rows: ReturnType<typeof vi.fn>; groups: ReturnType<typeof vi.fn>; csv: ReturnType<typeof vi.fn> };
  let navigate: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    usage = {
      rows: vi.fn(() => of({ items: [], total: 0, page: 1, pageSize: 25 })),
      groups: vi.fn(() => of({ items: [] })),
      csv: vi.fn(() => of(new Blob(['a,b\n']))),
    };
    navigate = vi.fn().mockResolvedValue(true);
    const route = { snapshot: { queryParamMap: convertToParamMap({ from: '2025-03-01', to: '2025-03-07', model: 'demo-model' }) } };
    TestBed.configureTestingModule({
      providers: [
        { provide: UsageApiService, useValue: usage },
        { provide: KeysApiService, useValue: { list: () => of([]) } },
        { provide: ModelsApiService, useValue: { list: () => of([]) } },
        { provide: NotifyService, useValue: { ok: vi.fn(), fail: vi.fn() } },
        { provide: ActivatedRoute, useValue: route },
        { provide: Router, useValue: { navigate } },
      ],
    });
    // The template (charts, Material) is covered by the e2e suite; here only the filter logic.
    TestBed.overrideTemplate(UsagePageComponent, '');
  });

  afterEach(() => vi.useRealTimers());

  it('loads nothing while From is after To', () => {
    const fixture = TestBed.createComponent(UsagePageComponent);
    const page = fixture.componentInstance as unknown as { form: { patchValue(v: object): void; hasError(e: string): boolean } };
    usage.rows.mockClear();
    page.form.patchValue({ from: '2025-03-09' });
    vi.advanceTimersByTime(350);
    expect(page.form.hasError('range')).toBe(true);
    expect(usage.rows).not.toHaveBeenCalled();
    expect(navigate).not.toHaveBeenCalled();
  });

  it('starts from the URL query params', () => {
    TestBed.createComponent(UsagePageComponent);
    expect(usage.rows).toHaveBeenCalledWith({ from: '2025-03-01', to: '2025-03-07', keyId: '', model: 'demo-model' }, 1, 25);
    expect(usage.groups).toHaveBeenCalledWith(expect.objectContaining({ model: 'demo-model' }), 'day');
  });

  it('writes changed filters to the URL, reloads with them and exports the CSV with the same filters', () => {
    const fixture = TestBed.createComponent(UsagePageComponent);
    const page = fixture.componentInstance as unknown as {
      form: { patchValue(v: object): void };
      download(): void;
    };
    page.form.patchValue({ keyId: 'k9', model: '' });
    vi.advanceTimersByTime(350);

    expect(navigate).toHaveBeenLastCalledWith([], expect.objectContaining({
      queryParams: { from: '2025-03-01', to: '2025-03-07', keyId: 'k9', model: null },
      replaceUrl: true,
    }));
    const filters = { from: '2025-03-01', to: '2025-03-07', keyId: 'k9', model: '' };
    expect(usage.rows).toHaveBeenLastCalledWith(filters, 1, 25);

    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x');
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    page.download();
    expect(usage.csv).toHaveBeenCalledWith(filters);
  });

  it('sums what caching saved over the days, and shows the provider column only when rows name one (admins)', () => {
    usage.groups.mockReturnValue(of({ items: [{ group: '2025-03-01', cacheSavingsUsd: 0.25 }, { group: '2025-03-02', cacheSavingsUsd: 0.5 }] }));
    usage.rows.mockReturnValue(of({ items: [{ requestId: 'r1', provider: null, cacheReadTokens: 1000 }], total: 1, page: 1, pageSize: 25 }));
    const page = TestBed.createComponent(UsagePageComponent).componentInstance as unknown as { savedUsd(): number; columns(): string[] };
    expect(page.savedUsd()).toBeCloseTo(0.75, 9);
    expect(page.columns()).toContain('cache');
    expect(page.columns()).not.toContain('provider');
  });
});

describe('UsagePageComponent date range and key filter', () => {
  it('refuses a From day after the To day', () => {
    const form = new FormGroup({ from: new FormControl('2025-03-08'), to: new FormControl('2025-03-07') }, { validators: dayRangeValidator });
    expect(form.hasError('range')).toBe(true);
    form.patchValue({ from: '2025-03-07' });
    expect(form.hasError('range')).toBe(false);
    form.patchValue({ to: '' });
    expect(form.hasError('range')).toBe(false);
  });

  it('lists revoked keys after the active ones', () => {
    const key = (name: string, revokedAt: string | null) => ({ id: name, name, revokedAt }) as KeyView;
    const names = keysForFilter([key('old', '2025-01-01'), key('main', null), key('gone', '2025-02-01'), key('ci', null)]).map((k) => k.name);
    expect(names).toEqual(['main', 'ci', 'old', 'gone']);
  });
});
