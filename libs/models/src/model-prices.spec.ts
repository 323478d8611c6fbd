import { BadRequestException } from '@nestjs/common';
import type { Model } from './entities/model.entity';
import { applyExtraPrices } from './model-prices';
import { toModelView } from './model-view';

const model = (over: Partial<Model> = {}): Model =>
  ({
    id: 'm1',
    name: 'm',
    description: null,
    targets: [],
    inputPriceMicros: 3_000_000,
    outputPriceMicros: 15_000_000,
    cacheReadPriceMicros: null,
    cacheWritePriceMicros: null,
    cacheWrite1hPriceMicros: null,
    longContextThresholdTokens: null,
    longContextInputPriceMicros: null,
    longContextOutputPriceMicros: null,
    tiers: [],
    enabled: true,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...over,
  }) as Model;

/** The 400 message applying `input` to `m` throws, or '' when it is accepted. */
const refusal = (m: Model, input: Parameters<typeof applyExtraPrices>[1]): string => {
  try {
    applyExtraPrices(m, input);
    return '';
  } catch (e) {
    return ((e as BadRequestException).getResponse() as { message: string[] }).message.join('; ');
  }
};

describe('applyExtraPrices', () => {
  it('stores USD per MTok as micro-dollars and the view reads them back', () => {
    const m = model();
    applyExtraPrices(m, {
      cacheReadPriceUsdPerMTok: 0.3,
      cacheWritePriceUsdPerMTok: 3.75,
      cacheWrite1hPriceUsdPerMTok: 6,
      longContextThresholdTokens: 200_000,
      longContextInputPriceUsdPerMTok: 6,
      longContextOutputPriceUsdPerMTok: 22.5,
    });
    expect(m).toMatchObject({
      cacheReadPriceMicros: 300_000,
      cacheWritePriceMicros: 3_750_000,
      cacheWrite1hPriceMicros: 6_000_000,
      longContextThresholdTokens: 200_000,
      longContextInputPriceMicros: 6_000_000,
      longContextOutputPriceMicros: 22_500_000,
    });
    const view = toModelView(m);
    expect(view).toMatchObject({ cacheReadPriceUsdPerMTok: 0.3, cacheWrite1hPriceUsdPerMTok: 6, longContextOutputPriceUsdPerMTok: 22.5 });
  });

  it('leaves absent fields alone and clears null ones', () => {
    const m = model({ cacheReadPriceMicros: 300_000, cacheWritePriceMicros: 3_750_000 });
    applyExtraPrices(m, { cacheWritePriceUsdPerMTok: null });
    expect(m).toMatchObject({ cacheReadPriceMicros: 300_000, cacheWritePriceMicros: null });
  });

  it('views a model without extra prices (or an unsaved one) as nulls', () => {
    const view = toModelView(model({ cacheReadPriceMicros: undefined }));
    expect(view).toMatchObject({
      cacheReadPriceUsdPerMTok: null,
      cacheWritePriceUsdPerMTok: null,
      cacheWrite1hPriceUsdPerMTok: null,
      longContextThresholdTokens: null,
      longContextInputPriceUsdPerMTok: null,
      longContextOutputPriceUsdPerMTok: null,
    });
  });

  it('refuses long-context prices without a threshold, and a threshold without them', () => {
    expect(() => applyExtraPrices(model(), { longContextInputPriceUsdPerMTok: 6 })).toThrow(BadRequestException);
    expect(refusal(model(), { longContextOutputPriceUsdPerMTok: 6 })).toMatch(/^longContextThresholdTokens is required/);
    expect(refusal(model(), { longContextThresholdTokens: 1000 })).toMatch(/^longContextThresholdTokens needs/);
  });

  it('checks the model a partial update leaves, not just the request', () => {
    const long = () => model({ longContextThresholdTokens: 1000, longContextInputPriceMicros: 6_000_000 });
    expect(refusal(long(), { longContextThresholdTokens: null })).toMatch(/^longContextThresholdTokens is required/);
    expect(refusal(long(), { longContextInputPriceUsdPerMTok: null })).toMatch(/^longContextThresholdTokens needs/);
    expect(refusal(long(), { longContextInputPriceUsdPerMTok: null, longContextThresholdTokens: null })).toBe('');
    expect(refusal(long(), { longContextOutputPriceUsdPerMTok: 20 })).toBe('');
  });
});
