import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Page, UsageGroupBy, UsageGroupView, UsageQuery, UsageRowView } from '@gateway/contracts';
import { Observable } from 'rxjs';

/** What the usage screens let the user pick; dates are `YYYY-MM-DD` in UTC, inclusive. */
export interface UsageFilters {
  from?: string | null;
  to?: string | null;
  keyId?: string | null;
  model?: string | null;
  /** Only requests paid by this team's account. */
  teamId?: string | null;
}

type UsageParams = Record<string, string>;

/** Maps the filters to the API's query string: empty filters are left out, days become UTC bounds. */
export function usageParams(filters: UsageFilters, extra: Pick<UsageQuery, 'groupBy' | 'page' | 'pageSize'> = {}): UsageParams {
  const params: UsageParams = {};
  if (filters.from) params['from'] = `${filters.from}T00:00:00.000Z`;
  if (filters.to) params['to'] = `${filters.to}T23:59:59.999Z`;
  if (filters.keyId) params['keyId'] = filters.keyId;
  if (filters.model) params['model'] = filters.model;
  if (filters.teamId) params['teamId'] = filters.teamId;
  if (extra.groupBy) params['groupBy'] = extra.groupBy;
  if (extra.page !== undefined) params['page'] = String(extra.page);
  if (extra.pageSize !== undefined) params['pageSize'] = String(extra.pageSize);
  return params;
}

@Injectable({ providedIn: 'root' })
export class UsageApiService {
  private readonly http = inject(HttpClient);

  rows(filters: UsageFilters, page: number, pageSize: number): Observable<Page<UsageRowView>> {
    return this.http.get<Page<UsageRowView>>('/api/v1/users/me/usage', { params: usageParams(filters, { page, pageSize }) });
  }

  groups(filters: UsageFilters, groupBy: UsageGroupBy): Observable<{ items: UsageGroupView[] }> {
    return this.http.get<{ items: UsageGroupView[] }>('/api/v1/users/me/usage', { params: usageParams(filters, { groupBy }) });
  }

  csv(filters: UsageFilters): Observable<Blob> {
    return this.http.get('/api/v1/users/me/usage.csv', { params: usageParams(filters), responseType: 'blob' });
  }
}
