import { FormControl, NonNullableFormBuilder, ValidatorFn, Validators } from '@angular/forms';
import type { ModelExtraPrices, ModelView, PricingCatalogEntryView } from '@gateway/contracts';

type ExtraKey = keyof ModelExtraPrices;
type PriceKey = Exclude<ExtraKey, 'longContextThresholdTokens'>;

export interface ExtraPriceField {
  key: PriceKey;
  label: string;
  hint: string;
}

export const CACHE_PRICE_FIELDS: readonly ExtraPriceField[] = [
  { key: 'cacheReadPriceUsdPerMTok', label: 'Cache read', hint: 'Empty = same as the input price' },
  { key: 'cacheWritePriceUsdPerMTok', label: 'Cache write (5 minutes)', hint: 'Empty = same as the input price' },
  { key: 'cacheWrite1hPriceUsdPerMTok', label: 'Cache write (1 hour)', hint: 'Empty = same as the 5-minute cache write' },
];

export const LONG_CONTEXT_PRICE_FIELDS: readonly ExtraPriceField[] = [
  { key: 'longContextInputPriceUsdPerMTok', label: 'Long-context input', hint: 'Empty = same as the input price' },
  { key: 'longContextOutputPriceUsdPerMTok', label: 'Long-context output', hint: 'Empty = same as the output price' },
];

export const EXTRA_KEYS: readonly ExtraKey[] = [
  'cacheReadPriceUsdPerMTok',
  'cacheWritePriceUsdPerMTok',
  'cacheWrite1hPriceUsdPerMTok',
  'longContextThresholdTokens',
  'longContextInputPriceUsdPerMTok',
  'longContextOutputPriceUsdPerMTok',
];
const NO_EXTRA_PRICES = Object.fromEntries(EXTRA_KEYS.map((key) => [key, null])) as Record<ExtraKey, null>;

const wholeNumber: ValidatorFn = (c) => (c.value == null || Number.isInteger(c.value) ? null : { wholeNumber: true });

export type ExtraPriceControls = Record<ExtraKey, FormControl<number | null>>;

export function extraPriceControls(fb: NonNullableFormBuilder, model: ModelView | null): ExtraPriceControls {
  const price = (key: PriceKey) => fb.control<number | null>(model?.[key] ?? null, [Validators.min(0), Validators.max(100_000)]);
  return {
    cacheReadPriceUsdPerMTok: price('cacheReadPriceUsdPerMTok'),
    cacheWritePriceUsdPerMTok: price('cacheWritePriceUsdPerMTok'),
    cacheWrite1hPriceUsdPerMTok: price('cacheWrite1hPriceUsdPerMTok'),
    longContextThresholdTokens: fb.control<number | null>(model?.longContextThresholdTokens ?? null, [Validators.min(1), wholeNumber]),
    longContextInputPriceUsdPerMTok: price('longContextInputPriceUsdPerMTok'),
    longContextOutputPriceUsdPerMTok: price('longContextOutputPriceUsdPerMTok'),
  };
}

/** Long-context prices apply only above a threshold, and a threshold alone prices nothing. */
export const longContextComplete: ValidatorFn = (group) => {
  const v = group.value as Partial<ModelExtraPrices>;
  const hasPrice = v.longContextInputPriceUsdPerMTok != null || v.longContextOutputPriceUsdPerMTok != null;
  const hasThreshold = v.longContextThresholdTokens != null;
  if (hasPrice && !hasThreshold) return { longContext: 'Set a threshold for the long-context prices' };
  if (hasThreshold && !hasPrice) return { longContext: 'Set a long-context input or output price, or clear the threshold' };
  return null;
};

/** The six fields as the API takes them: an empty field is null, which clears the price. */
export function extraPricesOf(value: Partial<Record<ExtraKey, number | null>>): ModelExtraPrices {
  const prices: ModelExtraPrices = { ...NO_EXTRA_PRICES };
  for (const key of EXTRA_KEYS) prices[key] = value[key] == null ? null : Number(value[key]);
  return prices;
}

export const hasExtraPrices = (prices: Partial<ModelExtraPrices> | null): boolean => EXTRA_KEYS.some((key) => prices?.[key] != null);

type PriceValues = Partial<ModelExtraPrices> & { inputPriceUsdPerMTok?: number; outputPriceUsdPerMTok?: number };

/** A catalog entry as form values; input and output only where the catalog lists them. */
export function catalogValues(entry: PricingCatalogEntryView): PriceValues {
  const values: PriceValues = extraPricesOf(entry);
  if (entry.inputPriceUsdPerMTok != null) values.inputPriceUsdPerMTok = entry.inputPriceUsdPerMTok;
  if (entry.outputPriceUsdPerMTok != null) values.outputPriceUsdPerMTok = entry.outputPriceUsdPerMTok;
  return values;
}
