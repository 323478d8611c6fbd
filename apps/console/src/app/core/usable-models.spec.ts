import { longContextNote, priceRows, usableModels } from './usable-models';
import { modelView } from '../testing/views';

const model = modelView;

describe('usableModels', () => {
  it('keeps enabled models open to every tier or to the user’s, sorted by name', () => {
    const all = [model({ name: 'zeta' }), model({ name: 'pro-only', tiers: ['pro'] }), model({ name: 'alpha', tiers: ['free', 'pro'] }), model({ name: 'off', enabled: false })];
    expect(usableModels(all, 'free').map((m) => m.name)).toEqual(['alpha', 'zeta']);
    expect(usableModels(all, 'pro').map((m) => m.name)).toEqual(['alpha', 'pro-only', 'zeta']);
  });
});

describe('priceRows', () => {
  it('resolves cache prices the way the gateway charges them', () => {
    const rows = priceRows(model({ cacheReadPriceUsdPerMTok: 0.3, cacheWritePriceUsdPerMTok: 3.75 }));
    expect(rows).toEqual([
      { label: 'Input', usdPerMTok: 3 },
      { label: 'Output', usdPerMTok: 15 },
      { label: 'Cache read', usdPerMTok: 0.3 },
      { label: 'Cache write (5 min)', usdPerMTok: 3.75 },
      { label: 'Cache write (1 h)', usdPerMTok: 3.75, sameAs: '5-min cache write' },
    ]);
    expect(priceRows(model({}))[2]).toEqual({ label: 'Cache read', usdPerMTok: 3, sameAs: 'input' });
  });
});

describe('longContextNote', () => {
  it('names the threshold and the prices above it', () => {
    const usd = (v: number) => `$${v}`;
    expect(longContextNote(model({}), usd)).toBeNull();
    expect(longContextNote(model({ longContextThresholdTokens: 200_000, longContextInputPriceUsdPerMTok: 6 }), usd)).toBe(
      'Above 200,000 input tokens the whole request costs $6 in / $15 out per MTok',
    );
  });
});
