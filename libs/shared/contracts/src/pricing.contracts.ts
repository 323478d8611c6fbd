/** One model's prices from the bundled catalog, in USD per million tokens (null: not listed). */
export interface PricingCatalogEntryView {
  id: string;
  provider: string;
  name: string;
  inputPriceUsdPerMTok: number | null;
  outputPriceUsdPerMTok: number | null;
  cacheReadPriceUsdPerMTok: number | null;
  cacheWritePriceUsdPerMTok: number | null;
  cacheWrite1hPriceUsdPerMTok: number | null;
  longContextThresholdTokens: number | null;
  longContextInputPriceUsdPerMTok: number | null;
  longContextOutputPriceUsdPerMTok: number | null;
}

/** `GET /api/v1/pricing/catalog?search=`: best match first. */
export interface PricingCatalogView {
  items: PricingCatalogEntryView[];
}
