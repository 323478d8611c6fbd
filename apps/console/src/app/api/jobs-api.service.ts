import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { AggregateUsageRequest, JobState, JobView, QueueCountsView } from '@gateway/contracts';
import { map, Observable } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class JobsApiService {
  private readonly http = inject(HttpClient);

  list(state?: JobState | null): Observable<JobView[]> {
    const params: Record<string, string> = state ? { state } : {};
    return this.http.get<{ items: JobView[] }>('/api/v1/admin/jobs', { params }).pipe(map((body) => body.items));
  }

  queues(): Observable<QueueCountsView[]> {
    return this.http.get<QueueCountsView[]>('/api/v1/admin/queues');
  }

  retry(job: Pick<JobView, 'queue' | 'id'>): Observable<unknown> {
    return this.http.post(`/api/v1/admin/jobs/${encodeURIComponent(job.queue)}/${encodeURIComponent(job.id)}/retry`, {});
  }

  drop(job: Pick<JobView, 'queue' | 'id'>): Observable<unknown> {
    return this.http.delete(`/api/v1/admin/jobs/${encodeURIComponent(job.queue)}/${encodeURIComponent(job.id)}`);
  }

  aggregate(body: AggregateUsageRequest): Observable<unknown> {
    return this.http.post('/api/v1/admin/usage/aggregate', body);
  }
}
