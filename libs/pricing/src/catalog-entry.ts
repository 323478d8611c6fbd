import type { PricingCatalogEntryView } from '@gateway/contracts';

/** A price as the catalog states it: one figure, or a base with tiers above a prompt size. */
type Figure = number | { base: number; tiers?: Array<{ start: number; price: number }> } | undefined;

/** The catalog's price record of a model (USD per million tokens; `*_mtok` keys). */
export type CatalogPrices = Record<string, Figure>;

/** A model's prices may change over time: the catalog lists them with start dates. */
export type CatalogPriceHistory = CatalogPrices | Array<{ constraint?: { type: string; start_date?: string }; prices: CatalogPrices }>;

const base = (f: Figure): number | null => (typeof f === 'number' ? f : f && typeof f.base === 'number' ? f.base : null);
const firstTier = (f: Figure) => (typeof f === 'object' && f?.tiers?.length ? f.tiers[0] : undefined);

/** The prices in force now: the latest dated entry that has started, else the undated one. */
export function currentPrices(history: CatalogPriceHistory, now = new Date()): CatalogPrices {
  if (!Array.isArray(history)) return history;
  let chosen: CatalogPrices | undefined;
  let chosenStart = '';
  for (const entry of history) {
    const start = entry.constraint?.type === 'start_date' ? (entry.constraint.start_date ?? '') : '';
    if (entry.constraint && entry.constraint.type !== 'start_date') continue;
    if (start && new Date(start) > now) continue;
    if (!chosen || start >= chosenStart) [chosen, chosenStart] = [entry.prices, start];
  }
  return chosen ?? history[history.length - 1]?.prices ?? {};
}

/**
 * Our model price fields from the catalog's: the first tier above the base becomes the
 * long-context threshold and prices (the providers bill the whole request at that tier).
 */
export function toEntryView(provider: string, id: string, name: string, prices: CatalogPrices): PricingCatalogEntryView {
  const tier = firstTier(prices.input_mtok);
  const outputTier = firstTier(prices.output_mtok);
  return {
    id,
    provider,
    name,
    inputPriceUsdPerMTok: base(prices.input_mtok),
    outputPriceUsdPerMTok: base(prices.output_mtok),
    cacheReadPriceUsdPerMTok: base(prices.cache_read_mtok),
    cacheWritePriceUsdPerMTok: base(prices.cache_write_mtok),
    cacheWrite1hPriceUsdPerMTok: base(prices.cache_write_1h_mtok),
    longContextThresholdTokens: tier?.start ?? null,
    longContextInputPriceUsdPerMTok: tier?.price ?? null,
    longContextOutputPriceUsdPerMTok: tier && outputTier?.start === tier.start ? outputTier.price : null,
  };
}
