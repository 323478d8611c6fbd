import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { JobView, ProviderHealthView } from '@gateway/contracts';
import { ProvidersApiService } from './providers-api.service';

const probeJob = (over: Partial<JobView> = {}): JobView => ({
  id: '12',
  queue: 'provider-health',
  name: 'provider-health',
  state: 'waiting',
  attemptsMade: 0,
  failedReason: null,
  data: { providerId: 'p1' },
  createdAt: '2025-03-01T10:00:00.000Z',
  finishedAt: null,
  ...over,
});

const health: ProviderHealthView = {
  providerId: 'p1',
  status: 'up',
  latest: { status: 'up', latencyMs: 3, error: null, checkedAt: '2025-03-01T10:00:01.000Z' },
  history: [{ status: 'up', latencyMs: 3, error: null, checkedAt: '2025-03-01T10:00:01.000Z' }],
};

describe('ProvidersApiService.checkHealth', () => {
  let api: ProvidersApiService;
  let backend: HttpTestingController;

  beforeEach(() => {
    vi.useFakeTimers();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(ProvidersApiService);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    vi.useRealTimers();
  });

  function probeAndFinish(finished: Partial<JobView>) {
    const probe = backend.expectOne({ method: 'POST', url: '/api/v1/admin/providers/probe' });
    expect(probe.request.body).toEqual({ providerId: 'p1' });
    probe.flush(probeJob(), { status: 202, statusText: 'Accepted' });
    vi.advanceTimersByTime(0);
    backend.expectOne((r) => r.url === '/api/v1/admin/jobs' && r.params.get('queue') === 'provider-health').flush({ items: [probeJob(finished)] });
  }

  it('probes the provider, waits for the job, then reloads its health', () => {
    let seen: ProviderHealthView | null = null;
    api.checkHealth('p1').subscribe((h) => (seen = h));
    probeAndFinish({ state: 'completed' });
    expect(seen).toBeNull();
    backend.expectOne({ method: 'GET', url: '/api/v1/providers/p1/health' }).flush(health);
    expect(seen).toEqual(health);
  });

  it('reports a failed probe job without reading the health', () => {
    let error: unknown;
    api.checkHealth('p1').subscribe({ error: (e: unknown) => (error = e) });
    probeAndFinish({ state: 'failed', failedReason: 'database is down' });
    expect((error as Error).message).toBe('database is down');
    backend.expectNone('/api/v1/providers/p1/health');
  });
});
