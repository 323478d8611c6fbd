import { TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap, Router } from '@angular/router';
import { of } from 'rxjs';
import { AuditApiService } from '../../api/audit-api.service';
import { UsersApiService } from '../../api/users-api.service';
import { NotifyService } from '../../core/notify.service';
import { AdminAuditPageComponent } from './admin-audit-page.component';

type Page = {
  form: { patchValue(v: object): void; hasError(e: string): boolean; controls: { actor: { hasError(e: string): boolean } } };
  apply(): void;
  download(): void;
};

describe('AdminAuditPageComponent', () => {
  let audit: { list: ReturnType<typeof vi.fn>; csv: ReturnType<typeof vi.fn>; verify: ReturnType<typeof vi.fn> };
  let users: { list: ReturnType<typeof vi.fn> };
  let navigate: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    audit = {
      list: vi.fn(() => of({ items: [], total: 0, page: 1, pageSize: 25 })),
      csv: vi.fn(() => of(new Blob(['seq\n']))),
      verify: vi.fn(),
    };
    const found = [
      { id: 'u-ada', email: 'Ada@Example.com' },
      { id: 'u-adam', email: 'adam@example.com' },
    ];
    users = { list: vi.fn(() => of({ items: found, total: 2 })) };
    navigate = vi.fn().mockResolvedValue(true);
    TestBed.configureTestingModule({
      providers: [
        { provide: AuditApiService, useValue: audit },
        { provide: UsersApiService, useValue: users },
        { provide: NotifyService, useValue: { ok: vi.fn(), fail: vi.fn() } },
        { provide: ActivatedRoute, useValue: { snapshot: { queryParamMap: convertToParamMap({ action: 'key.*', from: '2025-03-01' }) } } },
        { provide: Router, useValue: { navigate } },
      ],
    });
    // The table and the detail rows are covered by the browser suite; here only the filter logic.
    TestBed.overrideTemplate(AdminAuditPageComponent, '');
  });

  const create = () => TestBed.createComponent(AdminAuditPageComponent).componentInstance as unknown as Page;

  it('starts from the URL query params, on the first page', () => {
    create();
    const filters = { actor: null, action: 'key.*', targetType: null, targetId: null, from: '2025-03-01', to: null };
    expect(audit.list).toHaveBeenCalledWith(filters, 1, 25);
  });

  it('looks an email up to its user id (exact match only), and downloads the CSV with the same filters', () => {
    const page = create();
    page.form.patchValue({ actor: 'ada@example.com', action: 'credits.grant' });
    page.apply();
    expect(users.list).toHaveBeenCalledWith({ page: 1, pageSize: 50, search: 'ada@example.com' });
    const filters = { actor: 'u-ada', action: 'credits.grant', targetType: null, targetId: null, from: '2025-03-01', to: null };
    expect(audit.list).toHaveBeenLastCalledWith(filters, 1, 25);
    const queryParams = expect.objectContaining({ actor: 'ada@example.com' });
    expect(navigate).toHaveBeenLastCalledWith([], expect.objectContaining({ queryParams }));

    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x');
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    page.download();
    expect(audit.csv).toHaveBeenCalledWith(filters);
  });

  it('takes a user id as it is, and marks an email no user has', () => {
    const page = create();
    page.form.patchValue({ actor: '6f1c1d6e-8a4b-4c56-9a3e-0d2f7b1e9c11' });
    page.apply();
    expect(users.list).not.toHaveBeenCalled();
    expect(audit.list).toHaveBeenLastCalledWith(expect.objectContaining({ actor: '6f1c1d6e-8a4b-4c56-9a3e-0d2f7b1e9c11' }), 1, 25);

    const calls = audit.list.mock.calls.length;
    page.form.patchValue({ actor: 'ad@example.com' });
    page.apply();
    expect(page.form.controls.actor.hasError('unknown')).toBe(true);
    expect(audit.list).toHaveBeenCalledTimes(calls);
  });

  it('refuses From after To without asking the API', () => {
    const page = create();
    const calls = audit.list.mock.calls.length;
    page.form.patchValue({ from: '2025-03-09', to: '2025-03-08' });
    page.apply();
    expect(page.form.hasError('fromAfterTo')).toBe(true);
    expect(audit.list).toHaveBeenCalledTimes(calls);
  });
});
