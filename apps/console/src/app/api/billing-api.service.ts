import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CreditsView, GrantCreditsRequest, LedgerEntryType, LedgerEntryView } from '@gateway/contracts';
import { Observable } from 'rxjs';

export interface LedgerQuery {
  page: number;
  pageSize: number;
  type?: LedgerEntryType | '';
  /** `YYYY-MM-DD` (UTC days, both included). */
  from?: string;
  to?: string;
}

@Injectable({ providedIn: 'root' })
export class BillingApiService {
  private readonly http = inject(HttpClient);

  myCredits(page = 1, pageSize = 10): Observable<CreditsView> {
    return this.http.get<CreditsView>('/api/v1/users/me/credits', { params: { page, pageSize } });
  }

  /** A ledger page, filtered: the caller's own, or (admins) one user's. */
  ledger(query: LedgerQuery, userId?: string): Observable<CreditsView> {
    const params: Record<string, string | number> = { page: query.page, pageSize: query.pageSize };
    if (query.type) params['type'] = query.type;
    if (query.from) params['from'] = query.from;
    if (query.to) params['to'] = query.to;
    return this.http.get<CreditsView>(userId ? `/api/v1/admin/users/${userId}/credits` : '/api/v1/users/me/credits', { params });
  }

  grant(body: GrantCreditsRequest): Observable<LedgerEntryView> {
    return this.http.post<LedgerEntryView>('/api/v1/admin/credits/grant', body);
  }
}
