import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { TeamsApiService } from './teams-api.service';

describe('TeamsApiService', () => {
  let api: TeamsApiService;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(TeamsApiService);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('lists teams in one large page', () => {
    api.list().subscribe();
    const req = backend.expectOne((r) => r.url === '/api/v1/teams');
    expect(req.request.params.get('pageSize')).toBe('200');
    req.flush({ items: [], total: 0, page: 1, pageSize: 200 });
  });

  it('deletes without force, and with ?force=true only when asked', () => {
    api.remove('t1').subscribe();
    const plain = backend.expectOne((r) => r.url === '/api/v1/teams/t1');
    expect(plain.request.method).toBe('DELETE');
    expect(plain.request.params.has('force')).toBe(false);
    plain.flush(null);

    api.remove('t1', true).subscribe();
    const forced = backend.expectOne((r) => r.url === '/api/v1/teams/t1');
    expect(forced.request.params.get('force')).toBe('true');
    forced.flush(null);
  });

  it('adds a member by email, changes a role and removes a member', () => {
    api.addMember('t1', { email: 'a@example.com', role: 'owner' }).subscribe();
    const add = backend.expectOne('/api/v1/teams/t1/members');
    expect(add.request.method).toBe('POST');
    expect(add.request.body).toEqual({ email: 'a@example.com', role: 'owner' });
    add.flush({});

    api.setRole('t1', 'u1', 'member').subscribe();
    const patch = backend.expectOne('/api/v1/teams/t1/members/u1');
    expect(patch.request.method).toBe('PATCH');
    expect(patch.request.body).toEqual({ role: 'member' });
    patch.flush({});

    api.removeMember('t1', 'u1').subscribe();
    expect(backend.expectOne('/api/v1/teams/t1/members/u1').request.method).toBe('DELETE');
  });

  it('sends a budget change as the team PATCH body, null clearing it', () => {
    api.update('t1', { budget: { budgetUsd: 100, period: 'month', alertThresholds: [50, 80, 100] }, lowBalanceUsd: 5 }).subscribe();
    const set = backend.expectOne('/api/v1/teams/t1');
    expect(set.request.method).toBe('PATCH');
    expect(set.request.body).toEqual({ budget: { budgetUsd: 100, period: 'month', alertThresholds: [50, 80, 100] }, lowBalanceUsd: 5 });
    set.flush({});

    api.update('t1', { budget: null, lowBalanceUsd: null }).subscribe();
    expect(backend.expectOne('/api/v1/teams/t1').request.body).toEqual({ budget: null, lowBalanceUsd: null });
  });

  it('reads the team account and its usage with the usage filters', () => {
    api.credits('t1', 2, 10).subscribe();
    const credits = backend.expectOne((r) => r.url === '/api/v1/teams/t1/credits');
    expect(credits.request.params.toString()).toBe('page=2&pageSize=10');
    credits.flush({ balanceUsd: 0, history: [], total: 0, page: 2, pageSize: 10 });

    api.usageGroups('t1', { from: '2025-03-01', to: '2025-03-02' }, 'day').subscribe();
    const groups = backend.expectOne((r) => r.url === '/api/v1/teams/t1/usage');
    expect(groups.request.params.toString()).toBe('from=2025-03-01T00:00:00.000Z&to=2025-03-02T23:59:59.999Z&groupBy=day');
    groups.flush({ items: [] });

    api.usageCsv('t1', { from: '2025-03-01' }).subscribe();
    const csv = backend.expectOne((r) => r.url === '/api/v1/teams/t1/usage.csv');
    expect(csv.request.responseType).toBe('blob');
    csv.flush(new Blob(['x']));
  });
});
