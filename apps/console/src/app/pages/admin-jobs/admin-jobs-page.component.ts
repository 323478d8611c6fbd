import { DatePipe, JsonPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import type { JobState, JobView, QueueCountsView } from '@gateway/contracts';
import { catchError, filter, forkJoin, Observable, of, switchMap, tap } from 'rxjs';
import { JobsApiService } from '../../api/jobs-api.service';
import { ConfirmDialogComponent, ConfirmDialogData } from '../../components/confirm-dialog/confirm-dialog.component';
import { IconComponent } from '../../components/icon/icon.component';
import { daysAgo } from '../../core/format';
import { JOB_STATE_LABELS, keysOf } from '../../core/labels';
import { NotifyService } from '../../core/notify.service';

@Component({
  selector: 'gw-admin-jobs-page',
  imports: [
    DatePipe,
    FormsModule,
    IconComponent,
    JsonPipe,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
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
  protected readonly state = signal<JobState | ''>('failed');
  protected readonly loading = signal(true);
  protected readonly queues = signal<QueueCountsView[]>([]);
  protected readonly jobs = signal<JobView[]>([]);
  protected readonly aggregateFrom = signal(daysAgo(1));
  protected readonly aggregateTo = signal(daysAgo(1));
  protected readonly aggregating = signal(false);
  protected readonly columns = ['queue', 'name', 'state', 'attempts', 'createdAt', 'finishedAt', 'failedReason', 'actions'];

  constructor() {
    this.load();
  }

  protected setState(state: JobState | ''): void {
    this.state.set(state);
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    const queues$ = this.jobsApi.queues().pipe(
      tap((queues) => this.queues.set(queues)),
      catchError((err: unknown) => this.failed(err, 'Could not load queue counts')),
    );
    const jobs$ = this.jobsApi.list(this.state() || null).pipe(
      tap((jobs) => this.jobs.set(jobs)),
      catchError((err: unknown) => this.failed(err, 'Could not load jobs')),
    );
    forkJoin([queues$, jobs$]).subscribe({ complete: () => this.loading.set(false) });
  }

  private failed(err: unknown, what: string): Observable<null> {
    this.notify.fail(err, what);
    return of(null);
  }

  protected retry(job: JobView): void {
    this.jobsApi.retry(job).subscribe({
      next: () => {
        this.notify.ok(`Job ${job.id} queued again`);
        this.load();
      },
      error: (err: unknown) => this.notify.fail(err, 'Could not retry the job'),
    });
  }

  protected drop(job: JobView): void {
    const data: ConfirmDialogData = { title: 'Drop this job?', message: `${job.queue} / ${job.name} #${job.id} is removed for good.`, confirm: 'Drop job' };
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
        error: (err: unknown) => this.notify.fail(err, 'Could not drop the job'),
      });
  }

  protected aggregate(): void {
    const from = this.aggregateFrom();
    const to = this.aggregateTo();
    if (!from || !to || from > to) {
      this.notify.fail('Pick a start day on or before the end day');
      return;
    }
    this.aggregating.set(true);
    this.jobsApi.aggregate({ from, to }).subscribe({
      next: () => {
        this.aggregating.set(false);
        this.notify.ok(`Usage aggregation queued for ${from} to ${to}`);
        this.load();
      },
      error: (err: unknown) => {
        this.aggregating.set(false);
        this.notify.fail(err, 'Could not start the aggregation');
      },
    });
  }
}
