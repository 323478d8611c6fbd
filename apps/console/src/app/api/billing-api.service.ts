import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CreditsView, GrantCreditsRequest, LedgerEntryView } from '@gateway/contracts';
import { Observable } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class BillingApiService {
  private readonly http = inject(HttpClient);

  myCredits(page = 1, pageSize = 10): Observable<CreditsView> {
    return this.http.get<CreditsView>('/api/v1/users/me/credits', { params: { page, pageSize } });
  }

  grant(body: GrantCreditsRequest): Observable<LedgerEntryView> {
    return this.http.post<LedgerEntryView>('/api/v1/admin/credits/grant', body);
  }
}
