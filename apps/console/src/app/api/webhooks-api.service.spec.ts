import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { WebhooksApiService } from './webhooks-api.service';

describe('WebhooksApiService', () => {
  let api: WebhooksApiService;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(WebhooksApiService);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it("lists a team's webhooks by teamId, or the caller's own without it", () => {
    api.list('t1').subscribe();
    expect(backend.expectOne((r) => r.url === '/api/v1/webhooks').request.params.get('teamId')).toBe('t1');
    api.list().subscribe();
    expect(backend.expectOne((r) => r.url === '/api/v1/webhooks').request.params.has('teamId')).toBe(false);
  });

  it('creates with url, events and team, and hands back the secret', () => {
    let secret = '';
    api.create({ url: 'https://hooks.example.com/x', events: ['budget.threshold'], teamId: 't1' }).subscribe((w) => (secret = w.secret));
    const req = backend.expectOne('/api/v1/webhooks');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ url: 'https://hooks.example.com/x', events: ['budget.threshold'], teamId: 't1' });
    req.flush({ id: 'w1', secret: 'whsec_abc' });
    expect(secret).toBe('whsec_abc');
  });

  it('test-sends, pages deliveries and deletes', () => {
    api.test('w1').subscribe();
    expect(backend.expectOne('/api/v1/webhooks/w1/test').request.method).toBe('POST');
    api.deliveries('w1', 1, 10).subscribe();
    expect(backend.expectOne((r) => r.url === '/api/v1/webhooks/w1/deliveries').request.params.toString()).toBe('page=1&pageSize=10');
    api.remove('w1').subscribe();
    expect(backend.expectOne('/api/v1/webhooks/w1').request.method).toBe('DELETE');
  });
});
