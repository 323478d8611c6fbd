import { BadRequestException } from '@nestjs/common';
import type { ModelExtraPrices } from '@gateway/contracts';
import { usdToMicros } from '@gateway/database';
import type { Model } from './entities/model.entity';

type UsdField = Exclude<keyof ModelExtraPrices, 'longContextThresholdTokens'>;
type MicrosColumn =
  | 'cacheReadPriceMicros'
  | 'cacheWritePriceMicros'
  | 'cacheWrite1hPriceMicros'
  | 'longContextInputPriceMicros'
  | 'longContextOutputPriceMicros';

const COLUMNS: ReadonlyArray<readonly [UsdField, MicrosColumn]> = [
  ['cacheReadPriceUsdPerMTok', 'cacheReadPriceMicros'],
  ['cacheWritePriceUsdPerMTok', 'cacheWritePriceMicros'],
  ['cacheWrite1hPriceUsdPerMTok', 'cacheWrite1hPriceMicros'],
  ['longContextInputPriceUsdPerMTok', 'longContextInputPriceMicros'],
  ['longContextOutputPriceUsdPerMTok', 'longContextOutputPriceMicros'],
];

const LONG_PRICES = 'longContextInputPriceUsdPerMTok or longContextOutputPriceUsdPerMTok';

/**
 * Writes the extra prices the request names (null clears one) onto the model, then checks the
 * result, not the request: a PATCH of one field must still leave a usable long-context price.
 */
export function applyExtraPrices(m: Model, input: Partial<ModelExtraPrices>): void {
  for (const [field, column] of COLUMNS) {
    const usd = input[field];
    if (usd !== undefined) m[column] = usd === null ? null : usdToMicros(usd);
  }
  if (input.longContextThresholdTokens !== undefined) m.longContextThresholdTokens = input.longContextThresholdTokens;
  const hasLongPrice = m.longContextInputPriceMicros != null || m.longContextOutputPriceMicros != null;
  const hasThreshold = m.longContextThresholdTokens != null;
  if (hasLongPrice && !hasThreshold) throw new BadRequestException([`longContextThresholdTokens is required with ${LONG_PRICES}`]);
  if (hasThreshold && !hasLongPrice) throw new BadRequestException([`longContextThresholdTokens needs ${LONG_PRICES}`]);
}
