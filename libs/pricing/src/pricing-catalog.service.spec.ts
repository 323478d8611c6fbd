import { currentPrices, toEntryView } from './catalog-entry';
import { matches } from './match-logic';
import { PricingCatalogService } from './pricing-catalog.service';

describe('pricing catalog (the bundled data)', () => {
  const catalog = new PricingCatalogService();
  const first = (search: string) => catalog.search({ search, limit: 5 })[0];

  it('finds a dated Anthropic snapshot by its family entry, with cache, one-hour and long-context prices', () => {
    const sonnet = first('claude-sonnet-4-5-20250929');
    expect(sonnet).toMatchObject({ provider: 'anthropic', id: 'claude-sonnet-4-5' });
    expect(sonnet.inputPriceUsdPerMTok).toBeGreaterThan(0);
    expect(sonnet.outputPriceUsdPerMTok).toBeGreaterThan(sonnet.inputPriceUsdPerMTok!);
    // Anthropic: cache reads at a tenth of the input price, writes at 1.25×, one-hour writes at 2×.
    expect(sonnet.cacheReadPriceUsdPerMTok).toBeCloseTo(sonnet.inputPriceUsdPerMTok! / 10, 6);
    expect(sonnet.cacheWritePriceUsdPerMTok).toBeCloseTo(sonnet.inputPriceUsdPerMTok! * 1.25, 6);
    expect(sonnet.cacheWrite1hPriceUsdPerMTok).toBeCloseTo(sonnet.inputPriceUsdPerMTok! * 2, 6);
  });

  it('prefers the first-party entry for an exact id, and maps Gemini tiers to long-context prices', () => {
    expect(first('gpt-4o-mini')).toMatchObject({ provider: 'openai', id: 'gpt-4o-mini' });
    const pro = first('gemini-2.5-pro');
    expect(pro).toMatchObject({ provider: 'google' });
    expect(pro.longContextThresholdTokens).toBe(200_000);
    expect(pro.longContextInputPriceUsdPerMTok).toBeGreaterThan(pro.inputPriceUsdPerMTok!);
  });

  it('filters by provider, limits, and finds nothing for nonsense', () => {
    const anthropic = catalog.search({ search: 'claude', provider: 'anthropic', limit: 3 });
    expect(anthropic).toHaveLength(3);
    expect(anthropic.every((e) => e.provider === 'anthropic')).toBe(true);
    expect(catalog.search({ search: 'no-such-model-xyz', limit: 10 })).toEqual([]);
  });
});

describe('catalog entries', () => {
  it('takes the prices in force: the latest started dated entry', () => {
    const history = [
      { prices: { input_mtok: 1 } },
      { constraint: { type: 'start_date', start_date: '2025-01-01' }, prices: { input_mtok: 2 } },
      { constraint: { type: 'start_date', start_date: '2999-01-01' }, prices: { input_mtok: 3 } },
    ];
    expect(currentPrices(history, new Date('2026-12-03'))).toEqual({ input_mtok: 2 });
  });

  it('maps the first tier to long-context fields, and absent prices to null', () => {
    const view = toEntryView('google', 'g', 'G', { input_mtok: { base: 1.25, tiers: [{ start: 200_000, price: 2.5 }] }, output_mtok: { base: 10, tiers: [{ start: 200_000, price: 15 }] } });
    expect(view).toMatchObject({ inputPriceUsdPerMTok: 1.25, longContextThresholdTokens: 200_000, longContextInputPriceUsdPerMTok: 2.5, longContextOutputPriceUsdPerMTok: 15, cacheReadPriceUsdPerMTok: null });
  });

  it('evaluates the match rules (and, or, prefixes, regex)', () => {
    const rule = { and: [{ starts_with: 'gemini-2.5-pro' }, { regex: '^(?!.*-tts)' }] };
    expect(matches(rule, 'gemini-2.5-pro-preview-06-05')).toBe(true);
    expect(matches(rule, 'gemini-2.5-pro-tts')).toBe(false);
    expect(matches({ or: [{ equals: 'a' }, { ends_with: '-b' }] }, 'x-b')).toBe(true);
  });
});
