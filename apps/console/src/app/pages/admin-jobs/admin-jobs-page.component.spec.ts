import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import type { JobState, JobView, QueueCountsView } from '@gateway/contracts';
import { of, Subject, throwError } from 'rxjs';
import { JobsApiService } from '../../api/jobs-api.service';
import { ProvidersApiService } from '../../api/providers-api.service';
import { ConfirmDialogComponent } from '../../components/confirm-dialog/confirm-dialog.component';
import { NotifyService } from '../../core/notify.service';
import { AdminJobsPageComponent, AUTO_REFRESH_MS, daysInRange, jobDuration, jobSummary, MAX_AUTO_REFRESHES } from './admin-jobs-page.component';

const job = (id: string, state: JobState, over: Partial<JobView> = {}): JobView => ({
  id,
  queue: 'usage-aggregate',
  name: 'usage-aggregate',
  state,
  attemptsMade: state === 'failed' ? 3 : 1,
  failedReason: state === 'failed' ? 'boom' : null,
  data: { day: '2025-03-01' },
  createdAt: '2025-03-01T10:00:00.000Z',
  finishedAt: state === 'completed' || state === 'failed' ? '2025-03-01T10:00:01.000Z' : null,
  ...over,
});

const counts: QueueCountsView[] = [
  { queue: 'usage-aggregate', counts: { waiting: 0, active: 0, completed: 4, failed: 1, delayed: 0 } },
  { queue: 'provider-health', counts: { waiting: 0, active: 0, completed: 9, failed: 0, delayed: 0 } },
];

describe('jobSummary', () => {
  it('describes what a job works on', () => {
    expect(jobSummary({ queue: 'usage-aggregate', data: { day: '2025-03-01' } })).toBe('day: 2025-03-01');
    expect(jobSummary({ queue: 'provider-health', data: { providerId: 'p1' } })).toBe('providerId: p1');
    expect(jobSummary({ queue: 'provider-health', data: {} })).toBe('all enabled providers');
    expect(jobSummary({ queue: 'other', data: null })).toBe('');
    expect(jobSummary({ queue: 'other', data: { n: 2, tags: ['a'] } })).toBe('n: 2, tags: ["a"]');
  });

  it('names the provider when the providers list knows its id', () => {
    const names = new Map([['p1', 'Azure (EU)']]);
    expect(jobSummary({ queue: 'provider-health', data: { providerId: 'p1' } }, names)).toBe('provider: Azure (EU)');
    expect(jobSummary({ queue: 'provider-health', data: { providerId: 'p2' } }, names)).toBe('providerId: p2');
  });
});

describe('jobDuration', () => {
  const at = (finishedAt: string | null) => jobDuration({ createdAt: '2025-03-01T10:00:00.000Z', finishedAt });
  it('says how long a finished job took', () => {
    expect(at(null)).toBe('—');
    expect(at('2025-03-01T10:00:00.250Z')).toBe('250 ms');
    expect(at('2025-03-01T10:00:02.340Z')).toBe('2.3 s');
    expect(at('2025-03-01T10:05:10.000Z')).toBe('5 min');
    expect(at('2025-03-01T13:30:00.000Z')).toBe('3.5 h');
  });
});

describe('daysInRange', () => {
  it('counts both ends and rejects backwards or broken ranges', () => {
    expect(daysInRange('2025-03-01', '2025-03-01')).toBe(1);
    expect(daysInRange('2025-02-27', '2025-03-02')).toBe(4);
    expect(daysInRange('2025-03-02', '2025-03-01')).toBe(0);
    expect(daysInRange('', '2025-03-01')).toBe(0);
  });
});

describe('AdminJobsPageComponent', () => {
  let api: Record<'list' | 'queues' | 'retry' | 'drop' | 'aggregate' | 'probe' | 'settle', ReturnType<typeof vi.fn>>;
  let notify: { ok: ReturnType<typeof vi.fn>; fail: ReturnType<typeof vi.fn> };
  let dialogResults: unknown[];
  let dialog: { open: ReturnType<typeof vi.fn> };
  let listed: JobView[];

  type Page = {
    setQueue(q: string): void;
    setState(s: JobState | ''): void;
    aggregateFrom: { set(v: string): void };
    aggregateTo: { set(v: string): void };
    aggregate(): void;
    probe(): void;
  };

  async function render() {
    const fixture = TestBed.createComponent(AdminJobsPageComponent);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    return { fixture, el, page: fixture.componentInstance as unknown as Page };
  }

  beforeEach(() => {
    listed = [job('1', 'completed'), job('2', 'failed'), job('3', 'delayed')];
    api = {
      list: vi.fn(() => of(listed)),
      queues: vi.fn(() => of(counts)),
      retry: vi.fn(() => of({ retried: true })),
      drop: vi.fn(() => of(null)),
      aggregate: vi.fn(() => of([job('9', 'waiting')])),
      probe: vi.fn(() => of(job('p', 'waiting', { queue: 'provider-health', name: 'provider-health', data: {} }))),
      settle: vi.fn((j: JobView) => of({ ...j, state: 'completed' })),
    };
    notify = { ok: vi.fn(), fail: vi.fn() };
    dialogResults = [];
    dialog = { open: vi.fn(() => ({ afterClosed: () => of(dialogResults.shift()) })) };
    TestBed.configureTestingModule({
      providers: [
        { provide: JobsApiService, useValue: api },
        { provide: ProvidersApiService, useValue: { list: () => of([]) } },
        { provide: NotifyService, useValue: notify },
        { provide: MatDialog, useValue: dialog },
      ],
    });
  });

  afterEach(() => vi.useRealTimers());

  /** Only the page's own refresh timer is faked; the fake API answers synchronously. */
  function createWithFakeTimers() {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    return TestBed.createComponent(AdminJobsPageComponent);
  }

  it('lists jobs of every queue and state by default, with counts per queue', async () => {
    const { el } = await render();
    expect(api.list).toHaveBeenCalledWith({ queue: '', state: '' });
    const cards = el.querySelectorAll('[data-testid="queue-card"]');
    expect([...cards].map((c) => c.getAttribute('data-queue'))).toEqual(['usage-aggregate', 'provider-health']);
    expect(cards[0].querySelector('dd[data-state="completed"]')?.textContent?.trim()).toBe('4');
    expect(cards[0].querySelector('dd[data-state="failed"]')?.classList).toContain('bad');
    const rows = [...el.querySelectorAll('tr[data-state]')];
    expect(rows.map((r) => r.getAttribute('data-state'))).toEqual(['completed', 'failed', 'delayed']);
    expect(rows[0].textContent).toContain('day: 2025-03-01');
    expect(rows[0].textContent).toContain('1.0 s');
    expect(el.querySelector('th.mat-column-failedReason')).not.toBeNull();
  });

  it('leaves out the error column when no listed job has an error', async () => {
    listed = [job('1', 'completed')];
    const { el } = await render();
    expect(el.querySelector('th.mat-column-failedReason')).toBeNull();
    expect(el.querySelector('th.mat-column-took')).not.toBeNull();
  });

  it('offers retry only for failed jobs and drop only for finished ones', async () => {
    const { el } = await render();
    const buttons = (state: string) => [...el.querySelectorAll(`tr[data-state="${state}"] button`)].map((b) => b.textContent?.trim());
    expect(buttons('completed')).toEqual(['Drop']);
    expect(buttons('failed')).toEqual(['Retry', 'Drop']);
    expect(buttons('delayed')).toEqual([]);
  });

  it('filters by queue and state', async () => {
    const { page, fixture, el } = await render();
    page.setQueue('provider-health');
    expect(api.list).toHaveBeenLastCalledWith({ queue: 'provider-health', state: '' });
    listed = [];
    page.setState('failed');
    expect(api.list).toHaveBeenLastCalledWith({ queue: 'provider-health', state: 'failed' });
    await fixture.whenStable();
    expect(el.querySelector('.gw-empty')?.textContent).toBe('No failed jobs in provider-health.');
  });

  it('refreshes itself while jobs are waiting or running, and stops when they have finished', () => {
    listed = [job('1', 'active')];
    createWithFakeTimers();
    expect(api.list).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(AUTO_REFRESH_MS);
    expect(api.list).toHaveBeenCalledTimes(2);
    listed = [job('1', 'completed')];
    vi.advanceTimersByTime(AUTO_REFRESH_MS);
    expect(api.list).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(AUTO_REFRESH_MS * 5);
    expect(api.list).toHaveBeenCalledTimes(3);
  });

  it('gives up refreshing after a while when nothing finishes (no worker running)', () => {
    listed = [job('1', 'waiting')];
    createWithFakeTimers();
    vi.advanceTimersByTime(AUTO_REFRESH_MS * (MAX_AUTO_REFRESHES + 10));
    expect(api.list).toHaveBeenCalledTimes(1 + MAX_AUTO_REFRESHES);
  });

  it('stops refreshing when the page is left, even if a probe finishes later', () => {
    listed = [job('1', 'active')];
    const settled = new Subject<JobView | null>();
    api.settle.mockReturnValueOnce(settled);
    const fixture = createWithFakeTimers();
    (fixture.componentInstance as unknown as Page).probe();
    const calls = api.list.mock.calls.length;
    fixture.destroy();
    settled.next(job('p', 'completed', { queue: 'provider-health' }));
    vi.advanceTimersByTime(AUTO_REFRESH_MS * 5);
    expect(api.list).toHaveBeenCalledTimes(calls);
    expect(notify.ok).toHaveBeenLastCalledWith('Providers probed: their health is up to date');
  });

  it('does not refresh by itself for delayed jobs only', () => {
    listed = [job('1', 'delayed')];
    createWithFakeTimers();
    vi.advanceTimersByTime(AUTO_REFRESH_MS * 3);
    expect(api.list).toHaveBeenCalledTimes(1);
  });

  it('runs the aggregation for the chosen days', async () => {
    const { page } = await render();
    page.aggregateFrom.set('2025-03-01');
    page.aggregateTo.set('2025-03-01');
    page.aggregate();
    expect(api.aggregate).toHaveBeenCalledWith({ from: '2025-03-01', to: '2025-03-01' });
    expect(notify.ok).toHaveBeenCalledWith('Usage aggregation queued for 2025-03-01 (1 job)');
    expect(api.list).toHaveBeenCalledTimes(2);
  });

  it('refuses a backwards or too long range before asking the API', async () => {
    const { page } = await render();
    page.aggregateFrom.set('2025-03-02');
    page.aggregateTo.set('2025-03-01');
    page.aggregate();
    page.aggregateFrom.set('2024-01-01');
    page.aggregateTo.set('2025-03-01');
    page.aggregate();
    expect(api.aggregate).not.toHaveBeenCalled();
    expect(notify.fail.mock.calls.map((c) => c[0])).toEqual(['Pick a start day on or before the end day', 'Aggregate at most 366 days at once']);
  });

  it('shows the API error when the aggregation is refused', async () => {
    const { page } = await render();
    const err = new HttpErrorResponse({ status: 400, error: { message: ['at most 366 days at once'] } });
    api.aggregate.mockReturnValueOnce(throwError(() => err));
    page.aggregate();
    expect(notify.fail).toHaveBeenCalledWith(err, 'Could not start the aggregation');
  });

  it('probes the providers now and reports when the probe has finished', async () => {
    const { page } = await render();
    page.probe();
    expect(api.probe).toHaveBeenCalledWith();
    expect(api.settle).toHaveBeenCalledWith(expect.objectContaining({ id: 'p', queue: 'provider-health' }));
    expect(notify.ok.mock.calls.map((c) => c[0])).toEqual(['Probing providers now', 'Providers probed: their health is up to date']);

    api.settle.mockReturnValueOnce(of(job('p', 'failed', { queue: 'provider-health', failedReason: 'db down' })));
    page.probe();
    expect(notify.fail).toHaveBeenCalledWith('db down', 'The provider health probe failed');
  });

  it('retries a failed job and says when that is refused', async () => {
    const { fixture, el } = await render();
    const retry = () => (el.querySelector('tr[data-state="failed"] button.retry') as HTMLButtonElement).click();
    retry();
    await fixture.whenStable();
    expect(api.retry).toHaveBeenCalledWith(expect.objectContaining({ id: '2', queue: 'usage-aggregate' }));
    expect(notify.ok).toHaveBeenCalledWith('Job 2 queued again');

    const notFailed = new HttpErrorResponse({ status: 404, error: { message: 'No failed job with that id' } });
    api.retry.mockReturnValueOnce(throwError(() => notFailed));
    retry();
    expect(notify.fail).toHaveBeenCalledWith(notFailed, 'Could not retry the job');
    expect(api.list).toHaveBeenCalledTimes(3);
  });

  it('drops a finished job only after confirmation', async () => {
    const { fixture, el } = await render();
    const drop = () => (el.querySelector('tr[data-state="completed"] button.drop') as HTMLButtonElement).click();

    dialogResults.push(false);
    drop();
    await fixture.whenStable();
    expect(dialog.open.mock.calls[0][0]).toBe(ConfirmDialogComponent);
    expect(api.drop).not.toHaveBeenCalled();

    dialogResults.push(true);
    drop();
    await fixture.whenStable();
    expect(api.drop).toHaveBeenCalledWith(expect.objectContaining({ id: '1' }));
    expect(notify.ok).toHaveBeenCalledWith('Job 1 dropped');
  });
});
