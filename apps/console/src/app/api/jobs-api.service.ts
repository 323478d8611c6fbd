import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { AggregateUsageRequest, JobState, JobView, QueueCountsView } from '@gateway/contracts';
import { exhaustMap, first, map, Observable, of, throwError, timeout, timer } from 'rxjs';

const URL = '/api/v1/admin';

export interface JobFilter {
  /** A queue name (`usage-aggregate`, `provider-health`); empty for every queue. */
  queue?: string | null;
  /** Empty for every state. */
  state?: JobState | '' | null;
  limit?: number | null;
}

/** States a job leaves by itself: the worker will still pick it up or finish it. */
export const PENDING_STATES: readonly JobState[] = ['waiting', 'active', 'delayed'];

export const isPending = (job: Pick<JobView, 'state'>): boolean => PENDING_STATES.includes(job.state);

/** Completed or failed: only these can be dropped (an active job cannot, a waiting one is not done yet). */
export const isFinished = (job: Pick<JobView, 'state'>): boolean => job.state === 'completed' || job.state === 'failed';

/** Query params of `GET /admin/jobs`, leaving out empty filters. */
export function jobsParams(filter: JobFilter): Record<string, string> {
  const params: Record<string, string> = {};
  if (filter.queue) params['queue'] = filter.queue;
  if (filter.state) params['state'] = filter.state;
  if (filter.limit) params['limit'] = String(filter.limit);
  return params;
}

/** A job that had not finished when we stopped waiting for it (no worker running, or a long backoff). */
export class JobStillPendingError extends Error {
  constructor(readonly job: JobView) {
    super(`Job ${job.id} is still ${job.state}: it finishes when a worker picks it up`);
  }
}

export interface SettleOptions {
  everyMs?: number;
  timeoutMs?: number;
}

@Injectable({ providedIn: 'root' })
export class JobsApiService {
  private readonly http = inject(HttpClient);

  list(filter: JobFilter = {}): Observable<JobView[]> {
    return this.http.get<{ items: JobView[] }>(`${URL}/jobs`, { params: jobsParams(filter) }).pipe(map((body) => body.items));
  }

  queues(): Observable<QueueCountsView[]> {
    return this.http.get<QueueCountsView[]>(`${URL}/queues`);
  }

  retry(job: Pick<JobView, 'queue' | 'id'>): Observable<unknown> {
    return this.http.post(`${URL}/jobs/${encodeURIComponent(job.queue)}/${encodeURIComponent(job.id)}/retry`, {});
  }

  drop(job: Pick<JobView, 'queue' | 'id'>): Observable<unknown> {
    return this.http.delete(`${URL}/jobs/${encodeURIComponent(job.queue)}/${encodeURIComponent(job.id)}`);
  }

  /** One `usage-aggregate` job per day of the inclusive range. */
  aggregate(body: AggregateUsageRequest): Observable<JobView[]> {
    return this.http.post<{ items: JobView[] }>(`${URL}/usage/aggregate`, body).pipe(map((res) => res.items));
  }

  /** Queues a health probe of one provider, or of every enabled one. */
  probe(providerId?: string | null): Observable<JobView> {
    return this.http.post<JobView>(`${URL}/providers/probe`, providerId ? { providerId } : {});
  }

  /**
   * Polls the job's queue until the job has completed or failed, then emits it
   * (or null when it is gone, e.g. dropped). Errors with JobStillPendingError
   * when it has not finished within `timeoutMs`.
   */
  settle(job: JobView, { everyMs = 500, timeoutMs = 30_000 }: SettleOptions = {}): Observable<JobView | null> {
    if (isFinished(job)) return of(job);
    let last = job;
    return timer(0, everyMs).pipe(
      exhaustMap(() => this.list({ queue: job.queue, limit: 50 })),
      map((items) => items.find((j) => j.id === job.id) ?? null),
      first((found) => {
        if (found) last = found;
        return !found || isFinished(found);
      }),
      timeout({ first: timeoutMs, with: () => throwError(() => new JobStillPendingError(last)) }),
    );
  }
}
