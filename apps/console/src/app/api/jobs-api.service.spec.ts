import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { JobView } from '@gateway/contracts';
import { isFinished, isPending, JobsApiService, jobsParams, JobStillPendingError } from './jobs-api.service';

const job = (over: Partial<JobView> = {}): JobView => ({
  id: '7',
  queue: 'provider-health',
  name: 'provider-health',
  state: 'waiting',
  attemptsMade: 0,
  failedReason: null,
  data: {},
  createdAt: '2025-03-01T10:00:00.000Z',
  finishedAt: null,
  ...over,
});

describe('jobsParams', () => {
  it('sends only the filters that are set', () => {
    expect(jobsParams({})).toEqual({});
    expect(jobsParams({ queue: '', state: '', limit: null })).toEqual({});
    expect(jobsParams({ queue: 'usage-aggregate', state: 'failed', limit: 50 })).toEqual({ queue: 'usage-aggregate', state: 'failed', limit: '50' });
  });
});

describe('job states', () => {
  it('tells pending from finished', () => {
    expect(['waiting', 'active', 'delayed'].map((state) => isPending(job({ state: state as JobView['state'] })))).toEqual([true, true, true]);
    expect(isPending(job({ state: 'completed' }))).toBe(false);
    expect(isFinished(job({ state: 'completed' }))).toBe(true);
    expect(isFinished(job({ state: 'failed' }))).toBe(true);
    expect(isFinished(job({ state: 'active' }))).toBe(false);
  });
});

describe('JobsApiService', () => {
  let api: JobsApiService;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(JobsApiService);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    vi.useRealTimers();
  });

  it('lists jobs of every state unless asked for one, and unwraps the items', () => {
    let items: JobView[] = [];
    api.list().subscribe((jobs) => (items = jobs));
    const all = backend.expectOne((r) => r.url === '/api/v1/admin/jobs');
    expect(all.request.params.keys()).toEqual([]);
    all.flush({ items: [job()] });
    expect(items).toEqual([job()]);

    api.list({ queue: 'usage-aggregate', state: 'completed' }).subscribe();
    const filtered = backend.expectOne((r) => r.url === '/api/v1/admin/jobs');
    expect(filtered.request.params.toString()).toBe('queue=usage-aggregate&state=completed');
    filtered.flush({ items: [] });
  });

  it('reads the queue counts', () => {
    api.queues().subscribe();
    backend.expectOne({ method: 'GET', url: '/api/v1/admin/queues' }).flush([]);
  });

  it('retries and drops a job by queue and id', () => {
    api.retry({ queue: 'usage-aggregate', id: 'aggregate-2025-03-01/1' }).subscribe();
    const retry = backend.expectOne('/api/v1/admin/jobs/usage-aggregate/aggregate-2025-03-01%2F1/retry');
    expect(retry.request.method).toBe('POST');
    retry.flush({ retried: true });

    api.drop({ queue: 'usage-aggregate', id: '3' }).subscribe();
    const drop = backend.expectOne('/api/v1/admin/jobs/usage-aggregate/3');
    expect(drop.request.method).toBe('DELETE');
    drop.flush(null, { status: 204, statusText: 'No Content' });
  });

  it('runs the aggregation for a day range and returns its jobs', () => {
    let items: JobView[] = [];
    api.aggregate({ from: '2025-03-01', to: '2025-03-02' }).subscribe((jobs) => (items = jobs));
    const req = backend.expectOne({ method: 'POST', url: '/api/v1/admin/usage/aggregate' });
    expect(req.request.body).toEqual({ from: '2025-03-01', to: '2025-03-02' });
    req.flush({ items: [job({ queue: 'usage-aggregate' }), job({ id: '8', queue: 'usage-aggregate' })] }, { status: 202, statusText: 'Accepted' });
    expect(items.map((j) => j.id)).toEqual(['7', '8']);
  });

  it('probes every provider, or just one', () => {
    api.probe().subscribe();
    expect(backend.expectOne({ method: 'POST', url: '/api/v1/admin/providers/probe' }).request.body).toEqual({});
    api.probe('p1').subscribe();
    const one = backend.expectOne({ method: 'POST', url: '/api/v1/admin/providers/probe' });
    expect(one.request.body).toEqual({ providerId: 'p1' });
    one.flush(job({ data: { providerId: 'p1' } }), { status: 202, statusText: 'Accepted' });
  });

  describe('settle', () => {
    const poll = () => {
      const req = backend.expectOne((r) => r.url === '/api/v1/admin/jobs');
      expect(req.request.params.get('queue')).toBe('provider-health');
      return req;
    };

    it('answers a finished job at once', () => {
      let done: JobView | null = null;
      api.settle(job({ state: 'completed' })).subscribe((j) => (done = j));
      expect(done).toMatchObject({ state: 'completed' });
    });

    it('polls the queue until the job has finished', () => {
      vi.useFakeTimers();
      const seen: (JobView | null)[] = [];
      let completed = false;
      api.settle(job(), { everyMs: 500 }).subscribe({ next: (j) => seen.push(j), complete: () => (completed = true) });
      vi.advanceTimersByTime(0);
      poll().flush({ items: [job({ id: '6', state: 'completed' }), job({ state: 'active' })] });
      expect(seen).toEqual([]);
      vi.advanceTimersByTime(500);
      poll().flush({ items: [job({ state: 'completed', finishedAt: '2025-03-01T10:00:01.000Z' })] });
      expect(seen).toEqual([expect.objectContaining({ id: '7', state: 'completed' })]);
      expect(completed).toBe(true);
      vi.advanceTimersByTime(5_000);
      backend.expectNone('/api/v1/admin/jobs');
    });

    it('gives null when the job is gone', () => {
      vi.useFakeTimers();
      const seen: (JobView | null)[] = [];
      api.settle(job()).subscribe((j) => seen.push(j));
      vi.advanceTimersByTime(0);
      poll().flush({ items: [] });
      expect(seen).toEqual([null]);
    });

    it('stops waiting after the timeout with the last state it saw', () => {
      vi.useFakeTimers();
      let error: unknown;
      api.settle(job(), { everyMs: 500, timeoutMs: 1_200 }).subscribe({ error: (e: unknown) => (error = e) });
      for (let t = 0; t <= 1_000; t += 500) {
        vi.advanceTimersByTime(t === 0 ? 0 : 500);
        poll().flush({ items: [job({ state: 'delayed' })] });
      }
      vi.advanceTimersByTime(200);
      expect(error).toBeInstanceOf(JobStillPendingError);
      expect((error as JobStillPendingError).job.state).toBe('delayed');
      expect((error as Error).message).toContain('still delayed');
      vi.advanceTimersByTime(5_000);
      backend.expectNone('/api/v1/admin/jobs');
    });
  });
});
