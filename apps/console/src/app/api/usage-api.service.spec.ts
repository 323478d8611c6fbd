import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { UsageApiService, usageParams } from './usage-api.service';

describe('usageParams', () => {
  it('turns inclusive days into UTC bounds and keeps the key and model', () => {
    expect(usageParams({ from: '2025-03-01', to: '2025-03-31', keyId: 'k1', model: 'demo-model' })).toEqual({
      from: '2025-03-01T00:00:00.000Z',
      to: '2025-03-31T23:59:59.999Z',
      keyId: 'k1',
      model: 'demo-model',
    });
  });

  it('leaves out empty filters', () => {
    expect(usageParams({ from: '', to: null, keyId: '', model: undefined })).toEqual({});
  });

  it('adds grouping and paging', () => {
    expect(usageParams({ model: 'm' }, { groupBy: 'day', page: 2, pageSize: 50 })).toEqual({
      model: 'm',
      groupBy: 'day',
      page: '2',
      pageSize: '50',
    });
  });
});

describe('UsageApiService', () => {
  let api: UsageApiService;
  let backend: HttpTestingController;
  const filters = { from: '2025-03-01', to: '2025-03-02', keyId: 'k1', model: 'demo-model' };

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(UsageApiService);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('asks for a page of rows with the filters', () => {
    api.rows(filters, 3, 25).subscribe();
    const req = backend.expectOne((r) => r.url === '/api/v1/users/me/usage');
    expect(req.request.params.keys().sort()).toEqual(['from', 'keyId', 'model', 'page', 'pageSize', 'to']);
    expect(req.request.params.get('page')).toBe('3');
    expect(req.request.params.get('groupBy')).toBeNull();
    req.flush({ items: [], total: 0, page: 3, pageSize: 25 });
  });

  it('downloads the CSV as a blob with the same filters and no paging', () => {
    let blob: Blob | null = null;
    api.csv(filters).subscribe((b) => (blob = b));
    const req = backend.expectOne((r) => r.url === '/api/v1/users/me/usage.csv');
    expect(req.request.responseType).toBe('blob');
    expect(req.request.params.toString()).toBe(
      'from=2025-03-01T00:00:00.000Z&to=2025-03-02T23:59:59.999Z&keyId=k1&model=demo-model',
    );
    req.flush(new Blob(['requestId,model\n']));
    expect(blob).toBeInstanceOf(Blob);
  });

  it('groups by day for charts', () => {
    api.groups({ model: 'demo-model' }, 'day').subscribe();
    const req = backend.expectOne((r) => r.url === '/api/v1/users/me/usage');
    expect(req.request.params.get('groupBy')).toBe('day');
    expect(req.request.params.get('model')).toBe('demo-model');
    req.flush({ items: [] });
  });
});
