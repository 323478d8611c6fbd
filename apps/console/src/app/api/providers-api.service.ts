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
import { map, Observable } from 'rxjs';
import { ListBody, toList } from '../core/format';

const URL = '/api/v1/providers';

@Injectable({ providedIn: 'root' })
export class ProvidersApiService {
  private readonly http = inject(HttpClient);

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
