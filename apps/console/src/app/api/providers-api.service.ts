import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CreateProviderRequest,
  ProviderHealthView,
  ProviderModelsView,
  ProviderTestResult,
  ProviderView,
  UpdateProviderRequest,
} from '@gateway/contracts';
import { map, Observable, switchMap, throwError } from 'rxjs';
import { ListBody, toList } from '../core/format';
import { JobsApiService } from './jobs-api.service';

const URL = '/api/v1/providers';

@Injectable({ providedIn: 'root' })
export class ProvidersApiService {
  private readonly http = inject(HttpClient);
  private readonly jobs = inject(JobsApiService);

  list(): Observable<ProviderView[]> {
    return this.http.get<ListBody<ProviderView>>(URL).pipe(map(toList));
  }

  create(body: CreateProviderRequest): Observable<ProviderView> {
    return this.http.post<ProviderView>(URL, body);
  }

  update(id: string, body: UpdateProviderRequest): Observable<ProviderView> {
    return this.http.patch<ProviderView>(`${URL}/${id}`, body);
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(`${URL}/${id}`);
  }

  health(id: string): Observable<ProviderHealthView> {
    return this.http.get<ProviderHealthView>(`${URL}/${id}/health`);
  }

  /**
   * Probes the provider now (a `provider-health` job for just this provider),
   * waits for the job to finish, then reads the health it recorded.
   */
  checkHealth(id: string): Observable<ProviderHealthView> {
    return this.jobs.probe(id).pipe(
      switchMap((job) => this.jobs.settle(job)),
      switchMap((job) =>
        job?.state === 'failed' ? throwError(() => new Error(job.failedReason || 'The health probe failed')) : this.health(id),
      ),
    );
  }

  test(id: string): Observable<ProviderTestResult> {
    return this.http.post<ProviderTestResult>(`${URL}/${id}/test`, {});
  }

  models(id: string): Observable<ProviderModelsView> {
    return this.http.get<ProviderModelsView>(`${URL}/${id}/models`);
  }

  refreshModels(id: string): Observable<ProviderModelsView> {
    return this.http.post<ProviderModelsView>(`${URL}/${id}/models/refresh`, {});
  }
}
