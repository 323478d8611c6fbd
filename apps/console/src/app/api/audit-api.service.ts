import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { AuditRecordView, AuditVerifyView, Page } from '@gateway/contracts';
import { Observable } from 'rxjs';

/** What the audit page filters on; `actor` is a user id, `from` / `to` are `YYYY-MM-DD` UTC days, both included. */
export interface AuditFilters {
  actor?: string | null;
  action?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  from?: string | null;
  to?: string | null;
}

const DAY_MS = 86_400_000;

/** The day after `day` (`YYYY-MM-DD`), at 00:00 UTC: the API's `to` excludes its instant. */
const dayAfter = (day: string): string => new Date(Date.parse(`${day}T00:00:00.000Z`) + DAY_MS).toISOString();

/** The API's query string for these filters: empty ones left out, days turned into UTC bounds. */
export function auditParams(filters: AuditFilters, page?: { page: number; pageSize: number }): Record<string, string> {
  const params: Record<string, string> = {};
  for (const name of ['actor', 'action', 'targetType', 'targetId'] as const) {
    const value = filters[name]?.trim();
    if (value) params[name] = value;
  }
  if (filters.from) params['from'] = `${filters.from}T00:00:00.000Z`;
  if (filters.to) params['to'] = dayAfter(filters.to);
  if (page) {
    params['page'] = String(page.page);
    params['pageSize'] = String(page.pageSize);
  }
  return params;
}

@Injectable({ providedIn: 'root' })
export class AuditApiService {
  private readonly http = inject(HttpClient);

  /** Newest first; `page` counts from 1. */
  list(filters: AuditFilters, page: number, pageSize: number): Observable<Page<AuditRecordView>> {
    return this.http.get<Page<AuditRecordView>>('/api/v1/admin/audit', { params: auditParams(filters, { page, pageSize }) });
  }

  csv(filters: AuditFilters): Observable<Blob> {
    return this.http.get('/api/v1/admin/audit.csv', { params: auditParams(filters), responseType: 'blob' });
  }

  verify(): Observable<AuditVerifyView> {
    return this.http.get<AuditVerifyView>('/api/v1/admin/audit/verify');
  }
}
