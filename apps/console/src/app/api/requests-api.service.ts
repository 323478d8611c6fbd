import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { RequestDetailView, RequestLogPage } from '@gateway/contracts';
import { Observable } from 'rxjs';

/** Whose requests: everyone's (admins), one team's (its owners), or the caller's own. */
export type RequestScope = { kind: 'all' } | { kind: 'team'; teamId: string } | { kind: 'mine'; teamId?: string };

@Injectable({ providedIn: 'root' })
export class RequestsApiService {
  private readonly http = inject(HttpClient);

  page(scope: RequestScope, params: Record<string, string | number>): Observable<RequestLogPage> {
    if (scope.kind === 'all') return this.http.get<RequestLogPage>('/api/v1/admin/requests', { params });
    if (scope.kind === 'team') return this.http.get<RequestLogPage>(`/api/v1/teams/${scope.teamId}/requests`, { params });
    return this.http.get<RequestLogPage>('/api/v1/requests', { params: scope.teamId ? { ...params, teamId: scope.teamId } : params });
  }

  detail(requestId: string): Observable<RequestDetailView> {
    return this.http.get<RequestDetailView>(`/api/v1/requests/${encodeURIComponent(requestId)}`);
  }
}
