import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import type { JobState, JobView, QueueCountsView } from '@gateway/contracts';
import { catchError, filter, map, Observable, of, Subscription, switchMap, tap } from 'rxjs';
import { isFinished, JobsApiService } from '../../api/jobs-api.service';
import { ProvidersApiService } from '../../api/providers-api.service';
import { ConfirmDialogComponent, ConfirmDialogData } from '../../components/confirm-dialog/confirm-dialog.component';
import { IconComponent } from '../../components/icon/icon.component';
import { RowAction } from '../../components/row-actions/row-action';
import { RowActionsComponent } from '../../components/row-actions/row-actions.component';
import { TableWrapDirective } from '../../components/table-wrap/table-wrap.directive';
import { daysAgo } from '../../core/format';
import { AgoPipe, WhenPipe } from '../../format';
import { JOB_STATE_LABELS, keysOf } from '../../core/labels';
import { NotifyService } from '../../core/notify.service';

/** While jobs are waiting or running, the page refreshes itself this often, this many times. */
export const AUTO_REFRESH_MS = 1500;
export const MAX_AUTO_REFRESHES = 40;
/** The API accepts at most this many days in one aggregation request. */
const MAX_AGGREGATE_DAYS = 366;

/** What a job works on, from its payload: `day: 2025-03-01`, `provider: mock-1` (by name when known), or every provider. */
export function jobSummary(job: Pick<JobView, 'queue' | 'data'>, providerNames: ReadonlyMap<string, string> = new Map()): string {
  const data = job.data && typeof job.data === 'object' ? (job.data as Record<string, unknown>) : {};
  const parts = Object.entries(data)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => {
      const name = k === 'providerId' && typeof v === 'string' ? providerNames.get(v) : undefined;
      return name ? `provider: ${name}` : `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`;
    });
  if (!parts.length && job.queue === 'provider-health') return 'all enabled providers';
  return parts.join(', ');
}

/** How long a finished job took from being queued, `—` while it has not finished. */
export function jobDuration(job: Pick<JobView, 'createdAt' | 'finishedAt'>): string {
  if (!job.finishedAt) return '—';
  const ms = Math.max(0, Date.parse(job.finishedAt) - Date.parse(job.createdAt));
  if (Number.isNaN(ms)) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** Days from `from` to `to`, both included (UTC `YYYY-MM-DD`); 0 when the range is invalid. */
export function daysInRange(from: string, to: string): number {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) return 0;
  return Math.round((end - start) / 86_400_000) + 1;
}

const runningNow = (job: JobView) => job.state === 'waiting' || job.state === 'active';

@Component({
  selector: 'gw-admin-jobs-page',
  imports: [
    AgoPipe,
    FormsModule,
    IconComponent,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    RowActionsComponent,
    TableWrapDirective,
    WhenPipe,
  ],
  templateUrl: './admin-jobs-page.component.html',
  styleUrl: './admin-jobs-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminJobsPageComponent {
  private readonly jobsApi = inject(JobsApiService);
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(NotifyService);
  protected readonly states = keysOf(JOB_STATE_LABELS);
  protected readonly stateLabels = JOB_STATE_LABELS;
  /** Filters of the table; empty means any. */
  protected readonly queue = signal('');
  protected readonly state = signal<JobState | ''>('');
  protected readonly loading = signal(true);
  protected readonly queues = signal<QueueCountsView[]>([]);
  protected readonly jobs = signal<JobView[]>([]);
  protected readonly aggregateFrom = signal(daysAgo(1));
  protected readonly aggregateTo = signal(daysAgo(1));
  protected readonly aggregating = signal(false);
  protected readonly probing = signal(false);
  /** The error column only when some listed job has an error, so the table fits a laptop screen. */
  protected readonly columns = computed(() => [
    'job',
    'summary',
    'state',
    'attempts',
    'createdAt',
    'took',
    ...(this.jobs().some((j) => j.failedReason) ? ['failedReason'] : []),
    'actions',
  ]);
  protected readonly emptyText = computed(() => {
    const state = this.state();
    const queue = this.queue();
    return `No ${state ? `${JOB_STATE_LABELS[state].toLowerCase()} ` : ''}jobs${queue ? ` in ${queue}` : ''}.`;
  });
  /** Jobs carry provider ids; the list of providers names them (without it the ids show). */
  private readonly providerNames = toSignal(
    inject(ProvidersApiService)
      .list()
      .pipe(
        map((providers) => new Map(providers.map((p) => [p.id, p.name]))),
        catchError(() => of(new Map<string, string>())),
      ),
    { initialValue: new Map<string, string>() },
  );
  protected readonly summary = (job: JobView) => jobSummary(job, this.providerNames());
  protected readonly took = jobDuration;

  private loadSub: Subscription | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private autoRefreshes = 0;
  private destroyed = false;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      clearTimeout(this.refreshTimer);
      this.loadSub?.unsubscribe();
    });
    this.load();
  }

  protected setQueue(queue: string): void {
    this.queue.set(queue);
    this.load();
  }

  protected setState(state: JobState | ''): void {
    this.state.set(state);
    this.load();
  }

  /** Loads counts and jobs, then keeps refreshing for a while as long as some listed job is waiting or running. */
  protected load(): void {
    this.autoRefreshes = 0;
    this.fetch(true);
  }

  private fetch(showProgress: boolean): void {
    // A probe started here may finish after the admin has left the page: its toast still shows, nothing reloads.
    if (this.destroyed) return;
    clearTimeout(this.refreshTimer);
    this.loadSub?.unsubscribe();
    if (showProgress) this.loading.set(true);
    const queues$ = this.jobsApi.queues().pipe(
      tap((queues) => this.queues.set(queues)),
      catchError((err: unknown) => this.failed(err, 'Could not load queue counts')),
    );
    const jobs$ = this.jobsApi.list({ queue: this.queue(), state: this.state() }).pipe(
      tap((jobs) => this.jobs.set(jobs)),
      catchError((err: unknown) => this.failed(err, 'Could not load jobs')),
    );
    // Counts after the list, so they are never older than the rows shown (a job may finish in between).
    this.loadSub = jobs$.pipe(switchMap((jobs) => queues$.pipe(map(() => jobs)))).subscribe((jobs) => {
      this.loading.set(false);
      if (jobs?.some(runningNow) && this.autoRefreshes < MAX_AUTO_REFRESHES) {
        this.refreshTimer = setTimeout(() => {
          this.autoRefreshes++;
          this.fetch(false);
        }, AUTO_REFRESH_MS);
      }
    });
  }

  private failed(err: unknown, what: string): Observable<null> {
    this.notify.fail(err, what);
    return of(null);
  }

  protected actionsFor(job: JobView): RowAction[] {
    return [
      ...(job.state === 'failed' ? [{ label: 'Retry', ariaLabel: `Retry job ${job.id}`, class: 'retry', run: () => this.retry(job) }] : []),
      ...(isFinished(job) ? [{ label: 'Drop', ariaLabel: `Drop job ${job.id}`, class: 'drop', danger: true, run: () => this.drop(job) }] : []),
    ];
  }

  protected retry(job: JobView): void {
    this.jobsApi.retry(job).subscribe({
      next: () => {
        this.notify.ok(`Job ${job.id} queued again`);
        this.load();
      },
      error: (err: unknown) => {
        this.notify.fail(err, 'Could not retry the job');
        this.load();
      },
    });
  }

  protected drop(job: JobView): void {
    const data: ConfirmDialogData = { title: 'Drop this job?', message: `${job.queue} job #${job.id} is removed for good.`, confirm: 'Drop job' };
    this.dialog
      .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, { data })
      .afterClosed()
      .pipe(
        filter(Boolean),
        switchMap(() => this.jobsApi.drop(job)),
      )
      .subscribe({
        next: () => {
          this.notify.ok(`Job ${job.id} dropped`);
          this.load();
        },
        error: (err: unknown) => {
          this.notify.fail(err, 'Could not drop the job');
          this.load();
        },
      });
  }

  protected aggregate(): void {
    const from = this.aggregateFrom();
    const to = this.aggregateTo();
    const days = from && to ? daysInRange(from, to) : 0;
    if (!days) {
      this.notify.fail('Pick a start day on or before the end day');
      return;
    }
    if (days > MAX_AGGREGATE_DAYS) {
      this.notify.fail(`Aggregate at most ${MAX_AGGREGATE_DAYS} days at once`);
      return;
    }
    this.aggregating.set(true);
    this.jobsApi.aggregate({ from, to }).subscribe({
      next: (jobs) => {
        this.aggregating.set(false);
        const range = from === to ? from : `${from} to ${to}`;
        this.notify.ok(`Usage aggregation queued for ${range} (${jobs.length} ${jobs.length === 1 ? 'job' : 'jobs'})`);
        this.load();
      },
      error: (err: unknown) => {
        this.aggregating.set(false);
        this.notify.fail(err, 'Could not start the aggregation');
      },
    });
  }

  /** Probes every enabled provider now and reports when the probe job has finished. */
  protected probe(): void {
    this.probing.set(true);
    this.jobsApi
      .probe()
      .pipe(
        tap(() => {
          this.notify.ok('Probing providers now');
          this.load();
        }),
        switchMap((job) => this.jobsApi.settle(job)),
      )
      .subscribe({
        next: (job) => {
          this.probing.set(false);
          if (job?.state === 'failed') this.notify.fail(job.failedReason ?? 'unknown error', 'The provider health probe failed');
          else this.notify.ok('Providers probed: their health is up to date');
          this.load();
        },
        error: (err: unknown) => {
          this.probing.set(false);
          this.notify.fail(err, 'Could not probe the providers');
        },
      });
  }
}
