import type { ModelView } from '@gateway/contracts';
import { microsToUsd } from '@gateway/database';
import type { Model } from './entities/model.entity';

export function toModelView(m: Model, providerName: (id: string) => string | undefined = () => undefined): ModelView {
  return {
    id: m.id,
    name: m.name,
    description: m.description,
    targets: m.targets.map((t) => ({ ...t, providerName: providerName(t.providerId) })),
    inputPriceUsdPerMTok: microsToUsd(m.inputPriceMicros),
    outputPriceUsdPerMTok: microsToUsd(m.outputPriceMicros),
    tiers: m.tiers,
    enabled: m.enabled,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}
