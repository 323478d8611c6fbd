import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { AuditApiService, auditParams } from './audit-api.service';

describe('auditParams', () => {
  it('sends only the filters that are set, trimmed', () => {
    expect(auditParams({})).toEqual({});
    expect(auditParams({ actor: null, action: '  ', targetType: '', targetId: null, from: '', to: null })).toEqual({});
    expect(auditParams({ action: ' key.* ', targetType: 'api_key', targetId: 'k1' })).toEqual({
      action: 'key.*',
      targetType: 'api_key',
      targetId: 'k1',
    });
  });

  it('turns the days into UTC bounds with the last day included (the API excludes its `to`)', () => {
    expect(auditParams({ from: '2025-03-01', to: '2025-03-07' })).toEqual({
      from: '2025-03-01T00:00:00.000Z',
      to: '2025-03-08T00:00:00.000Z',
    });
    expect(auditParams({ to: '2024-02-28' })['to']).toBe('2024-02-29T00:00:00.000Z');
    expect(auditParams({ to: '2025-12-31' })['to']).toBe('2026-01-01T00:00:00.000Z');
  });

  it('adds the page only for the listing', () => {
    expect(auditParams({ actor: 'u1' }, { page: 3, pageSize: 25 })).toEqual({ actor: 'u1', page: '3', pageSize: '25' });
  });
});

describe('AuditApiService', () => {
  let api: AuditApiService;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(AuditApiService);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('asks the listing and the CSV with the same filters, and verify with none', () => {
    const filters = { action: 'credits.grant', from: '2025-03-01' };
    api.list(filters, 2, 50).subscribe();
    api.csv(filters).subscribe();
    api.verify().subscribe();
    const list = backend.expectOne((r) => r.url === '/api/v1/admin/audit');
    expect(list.request.params.get('page')).toBe('2');
    expect(list.request.params.get('action')).toBe('credits.grant');
    const csv = backend.expectOne((r) => r.url === '/api/v1/admin/audit.csv');
    expect(csv.request.responseType).toBe('blob');
    expect(csv.request.params.keys().sort()).toEqual(['action', 'from']);
    expect(csv.request.params.get('from')).toBe('2025-03-01T00:00:00.000Z');
    const verify = backend.expectOne('/api/v1/admin/audit/verify');
    expect(verify.request.params.keys()).toEqual([]);
    [list, csv, verify].forEach((r) => r.flush(null));
  });
});
