import { HttpErrorResponse } from '@angular/common/http';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import type { ModelView, PricingCatalogEntryView, ProviderView } from '@gateway/contracts';
import { of, throwError } from 'rxjs';
import { ModelsApiService } from '../../api/models-api.service';
import { PricingApiService } from '../../api/pricing-api.service';
import { NotifyService } from '../../core/notify.service';
import { ModelFormData, ModelFormDialogComponent } from './model-form-dialog.component';

const provider = { id: 'p1', name: 'anthropic-main', type: 'anthropic' } as ProviderView;

const noExtras = {
  cacheReadPriceUsdPerMTok: null,
  cacheWritePriceUsdPerMTok: null,
  cacheWrite1hPriceUsdPerMTok: null,
  longContextThresholdTokens: null,
  longContextInputPriceUsdPerMTok: null,
  longContextOutputPriceUsdPerMTok: null,
};

const model: ModelView = {
  id: 'm1',
  name: 'sonnet',
  description: null,
  targets: [{ providerId: 'p1', upstreamModel: 'claude-sonnet-4', weight: 1, priority: 0 }],
  inputPriceUsdPerMTok: 3,
  outputPriceUsdPerMTok: 15,
  ...noExtras,
  cacheReadPriceUsdPerMTok: 0.3,
  cacheWritePriceUsdPerMTok: 3.75,
  tiers: [],
  enabled: true,
  createdAt: '2025-03-01T00:00:00.000Z',
  updatedAt: '2025-03-01T00:00:00.000Z',
};

const entry: PricingCatalogEntryView = {
  id: 'anthropic/claude-sonnet-4',
  provider: 'anthropic',
  name: 'Claude Sonnet 4',
  inputPriceUsdPerMTok: 3,
  outputPriceUsdPerMTok: 15,
  cacheReadPriceUsdPerMTok: 0.3,
  cacheWritePriceUsdPerMTok: 3.75,
  cacheWrite1hPriceUsdPerMTok: 6,
  longContextThresholdTokens: 200_000,
  longContextInputPriceUsdPerMTok: 6,
  longContextOutputPriceUsdPerMTok: 22.5,
};

describe('ModelFormDialogComponent prices', () => {
  let fixture: ComponentFixture<ModelFormDialogComponent>;
  let modelsApi: { create: ReturnType<typeof vi.fn>; update: ReturnType<typeof vi.fn> };
  let pricingApi: { catalog: ReturnType<typeof vi.fn> };
  let notify: { ok: ReturnType<typeof vi.fn>; fail: ReturnType<typeof vi.fn> };
  let dialogRef: { close: ReturnType<typeof vi.fn> };

  const el = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const input = (testId: string) => el().querySelector(`input[data-testid="${testId}"]`) as HTMLInputElement;
  const upstream = () => el().querySelector('input[formcontrolname="upstreamModel"]') as HTMLInputElement;

  async function type(field: HTMLInputElement, value: string) {
    field.value = value;
    field.dispatchEvent(new Event('input'));
    field.dispatchEvent(new Event('blur'));
    await fixture.whenStable();
  }

  async function submit() {
    (el().querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await fixture.whenStable();
  }

  async function render(data: ModelFormData) {
    modelsApi = { create: vi.fn(() => of(model)), update: vi.fn(() => of(model)) };
    pricingApi = { catalog: vi.fn(() => of([entry])) };
    notify = { ok: vi.fn(), fail: vi.fn() };
    dialogRef = { close: vi.fn() };
    TestBed.configureTestingModule({
      providers: [
        { provide: MAT_DIALOG_DATA, useValue: data },
        { provide: MatDialogRef, useValue: dialogRef },
        { provide: ModelsApiService, useValue: modelsApi },
        { provide: PricingApiService, useValue: pricingApi },
        { provide: NotifyService, useValue: notify },
      ],
    });
    fixture = TestBed.createComponent(ModelFormDialogComponent);
    await fixture.whenStable();
  }

  it('shows the six fields in a collapsible section, with hints in words', async () => {
    await render({ model: null, providers: [provider] });
    expect(el().querySelector('mat-expansion-panel-header')?.textContent).toContain('Cache and long-context prices');
    for (const key of Object.keys(noExtras)) expect(input(key)).not.toBeNull();
    expect(el().textContent).toContain('Empty = same as the input price');
  });

  it('sends null for every empty field when creating', async () => {
    await render({ model: null, providers: [provider] });
    await type(el().querySelector('input[formcontrolname="name"]') as HTMLInputElement, 'sonnet');
    await type(upstream(), 'claude-sonnet-4');
    await type(input('cacheReadPriceUsdPerMTok'), '0.3');
    await submit();
    expect(modelsApi.create).toHaveBeenCalledWith(expect.objectContaining({ ...noExtras, cacheReadPriceUsdPerMTok: 0.3 }));
    expect(dialogRef.close).toHaveBeenCalledWith(model);
  });

  it('sends null for a cleared field when editing, and keeps the others', async () => {
    await render({ model, providers: [provider] });
    expect(input('cacheWritePriceUsdPerMTok').value).toBe('3.75');
    await type(input('cacheReadPriceUsdPerMTok'), '');
    await submit();
    expect(modelsApi.update).toHaveBeenCalledWith('m1', expect.objectContaining({ ...noExtras, cacheWritePriceUsdPerMTok: 3.75 }));
  });

  it('says in words what the long-context prices need, and does not save', async () => {
    await render({ model, providers: [provider] });
    await type(input('longContextThresholdTokens'), '1000');
    expect(el().textContent).toContain('Set a long-context input or output price, or clear the threshold');
    await type(input('longContextThresholdTokens'), '1.5');
    expect(el().textContent).toContain('A whole number of tokens, 1 or more');
    await type(input('longContextThresholdTokens'), '');
    await type(input('longContextOutputPriceUsdPerMTok'), '-1');
    expect(el().textContent).toContain('A price of 0 or more');
    expect(el().textContent).toContain('Set a threshold for the long-context prices');
    await submit();
    expect(modelsApi.update).not.toHaveBeenCalled();
  });

  it('shows a refused field from the server in words', async () => {
    await render({ model, providers: [provider] });
    const message = 'cacheReadPriceUsdPerMTok must be a dollar amount from 0 to 100000 with at most 6 decimals';
    const refused = new HttpErrorResponse({ status: 400, error: { statusCode: 400, message: [message] } });
    modelsApi.update.mockReturnValue(throwError(() => refused));
    await submit();
    expect(el().textContent).toContain('Cache read price ($/MTok) must be a dollar amount');
    expect(el().textContent).not.toContain('cacheReadPriceUsdPerMTok');
  });

  it('fills the prices from the catalog entry for the first upstream model', async () => {
    await render({ model: null, providers: [provider] });
    const fill = el().querySelector('[data-testid="fill-from-catalog"]') as HTMLButtonElement;
    expect(fill.disabled).toBe(true);
    await type(upstream(), 'claude-sonnet-4');
    fill.click();
    await fixture.whenStable();
    expect(pricingApi.catalog).toHaveBeenCalledWith('claude-sonnet-4');
    expect(input('cacheWrite1hPriceUsdPerMTok').value).toBe('6');
    expect(input('longContextThresholdTokens').value).toBe('200000');
    expect((el().querySelector('input[formcontrolname="outputPriceUsdPerMTok"]') as HTMLInputElement).value).toBe('15');
    expect(notify.ok).toHaveBeenCalledWith(expect.stringContaining('Claude Sonnet 4'));

    pricingApi.catalog.mockReturnValue(of([]));
    fill.click();
    await fixture.whenStable();
    expect(notify.fail).toHaveBeenCalledWith('No catalog entry matches "claude-sonnet-4"');
  });
});
