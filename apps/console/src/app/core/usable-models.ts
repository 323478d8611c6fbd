import type { ModelView, Tier } from '@gateway/contracts';

/** The enabled models a user of this tier may call (a model with no tiers is open to every tier), by name. */
export function usableModels(models: ModelView[], tier: Tier | undefined): ModelView[] {
  return models.filter((m) => m.enabled && (!m.tiers.length || (tier !== undefined && m.tiers.includes(tier)))).sort((a, b) => a.name.localeCompare(b.name));
}

/** A model's prices per million tokens as the catalogue shows them; fallbacks resolved as the gateway charges. */
export interface PriceRow {
  label: string;
  usdPerMTok: number;
  /** Set when the price falls back to another (shown as "same as input"). */
  sameAs?: string;
}

export function priceRows(m: ModelView): PriceRow[] {
  const cacheWrite = m.cacheWritePriceUsdPerMTok ?? m.inputPriceUsdPerMTok;
  return [
    { label: 'Input', usdPerMTok: m.inputPriceUsdPerMTok },
    { label: 'Output', usdPerMTok: m.outputPriceUsdPerMTok },
    { label: 'Cache read', usdPerMTok: m.cacheReadPriceUsdPerMTok ?? m.inputPriceUsdPerMTok, ...(m.cacheReadPriceUsdPerMTok === null ? { sameAs: 'input' } : {}) },
    { label: 'Cache write (5 min)', usdPerMTok: cacheWrite, ...(m.cacheWritePriceUsdPerMTok === null ? { sameAs: 'input' } : {}) },
    {
      label: 'Cache write (1 h)',
      usdPerMTok: m.cacheWrite1hPriceUsdPerMTok ?? cacheWrite,
      ...(m.cacheWrite1hPriceUsdPerMTok === null ? { sameAs: '5-min cache write' } : {}),
    },
  ];
}

/** "Above 200,000 input tokens: $6 in / $22.5 out per MTok", or null without long-context prices. */
export function longContextNote(m: ModelView, usd: (v: number) => string): string | null {
  if (m.longContextThresholdTokens === null) return null;
  const input = m.longContextInputPriceUsdPerMTok ?? m.inputPriceUsdPerMTok;
  const output = m.longContextOutputPriceUsdPerMTok ?? m.outputPriceUsdPerMTok;
  return `Above ${m.longContextThresholdTokens.toLocaleString('en-US')} input tokens the whole request costs ${usd(input)} in / ${usd(output)} out per MTok`;
}
