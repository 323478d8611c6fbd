import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { PricingCatalogEntryView } from '@gateway/contracts';
import { PricingApiService } from './pricing-api.service';

describe('PricingApiService.catalog', () => {
  it('searches the catalog and answers its items', () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const backend = TestBed.inject(HttpTestingController);
    let items: PricingCatalogEntryView[] = [];
    TestBed.inject(PricingApiService)
      .catalog('claude sonnet/4')
      .subscribe((found) => (items = found));
    const req = backend.expectOne((r) => r.url === '/api/v1/pricing/catalog');
    expect(req.request.method).toBe('GET');
    expect(req.request.params.get('search')).toBe('claude sonnet/4');
    expect(req.request.urlWithParams).toBe('/api/v1/pricing/catalog?search=claude%20sonnet/4&limit=50');
    req.flush({ items: [{ id: 'anthropic/claude-sonnet-4', name: 'Claude Sonnet 4' }] });
    expect(items.map((i) => i.id)).toEqual(['anthropic/claude-sonnet-4']);
    backend.verify();
  });
});
