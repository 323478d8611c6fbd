import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { PricingCatalogEntryView } from '@gateway/contracts';
import { map, Observable } from 'rxjs';
import { ListBody, toList } from '../core/format';

const URL = '/api/v1/pricing/catalog';

@Injectable({ providedIn: 'root' })
export class PricingApiService {
  private readonly http = inject(HttpClient);

  /** Known models' prices from the gateway's bundled catalog, best match first. */
  catalog(search: string, limit = 50): Observable<PricingCatalogEntryView[]> {
    return this.http.get<ListBody<PricingCatalogEntryView>>(URL, { params: { search, limit } }).pipe(map(toList));
  }
}
