import type { ModelView } from '@gateway/contracts';
import { microsToUsd } from '@gateway/database';
import type { Model } from './entities/model.entity';

const optionalUsd = (micros: number | null | undefined) => (micros == null ? null : microsToUsd(micros));

export function toModelView(m: Model, providerName: (id: string) => string | undefined = () => undefined): ModelView {
  return {
    id: m.id,
    name: m.name,
    description: m.description,
    targets: m.targets.map((t) => ({ ...t, providerName: providerName(t.providerId) })),
    inputPriceUsdPerMTok: microsToUsd(m.inputPriceMicros),
    outputPriceUsdPerMTok: microsToUsd(m.outputPriceMicros),
    cacheReadPriceUsdPerMTok: optionalUsd(m.cacheReadPriceMicros),
    cacheWritePriceUsdPerMTok: optionalUsd(m.cacheWritePriceMicros),
    cacheWrite1hPriceUsdPerMTok: optionalUsd(m.cacheWrite1hPriceMicros),
    longContextThresholdTokens: m.longContextThresholdTokens ?? null,
    longContextInputPriceUsdPerMTok: optionalUsd(m.longContextInputPriceMicros),
    longContextOutputPriceUsdPerMTok: optionalUsd(m.longContextOutputPriceMicros),
    tiers: m.tiers,
    enabled: m.enabled,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}
