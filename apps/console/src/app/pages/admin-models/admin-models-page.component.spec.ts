import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import type { ModelView } from '@gateway/contracts';
import { of } from 'rxjs';
import { ModelsApiService } from '../../api/models-api.service';
import { PricingApiService } from '../../api/pricing-api.service';
import { ProvidersApiService } from '../../api/providers-api.service';
import { NotifyService } from '../../core/notify.service';
import { AdminModelsPageComponent } from './admin-models-page.component';

const model = (name: string, upstreamModel: string, input: number, output: number) =>
  ({ id: name, name, targets: [{ providerId: 'p', upstreamModel, weight: 1, priority: 0 }], inputPriceUsdPerMTok: input, outputPriceUsdPerMTok: output, cacheReadPriceUsdPerMTok: null }) as unknown as ModelView;

describe('AdminModelsPageComponent catalog flags', () => {
  it('flags a model whose prices differ from the catalog entry of its upstream model, once per distinct id', () => {
    const catalog = vi.fn((search: string) =>
      of(search === 'gpt-4o-mini' ? [{ id: 'gpt-4o-mini', provider: 'openai', inputPriceUsdPerMTok: 0.15, outputPriceUsdPerMTok: 0.6, cacheReadPriceUsdPerMTok: 0.075 }] : []),
    );
    TestBed.configureTestingModule({
      providers: [
        { provide: ModelsApiService, useValue: { list: () => of([model('cheap', 'gpt-4o-mini', 0.15, 0.6), model('dear', 'gpt-4o-mini', 1, 2), model('other', 'local-llama', 0, 0)]) } },
        { provide: ProvidersApiService, useValue: { list: () => of([{ id: 'p', name: 'openai' }]) } },
        { provide: PricingApiService, useValue: { catalog } },
        { provide: MatDialog, useValue: {} },
        { provide: NotifyService, useValue: { ok: vi.fn(), fail: vi.fn() } },
      ],
    });
    TestBed.overrideTemplate(AdminModelsPageComponent, '');
    const page = TestBed.createComponent(AdminModelsPageComponent).componentInstance as unknown as { catalogWarning(m: ModelView): string | null; models(): ModelView[] };
    const [cheap, dear, other] = page.models();
    expect(catalog).toHaveBeenCalledTimes(2);
    expect(page.catalogWarning(cheap)).toBeNull();
    expect(page.catalogWarning(dear)).toContain('gpt-4o-mini');
    expect(page.catalogWarning(other)).toBeNull();
  });
});
