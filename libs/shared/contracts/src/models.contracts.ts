import type { Tier } from './users.contracts';

export interface ModelTargetInput {
  providerId: string;
  upstreamModel: string;
  /** Relative share within a priority; default 1. */
  weight?: number;
  /** Lower is tried first; default 0. */
  priority?: number;
}

/** Prices beyond input and output, in USD per million tokens; null leaves each to its fallback. */
export interface ModelExtraPrices {
  /** null: the input price. */
  cacheReadPriceUsdPerMTok: number | null;
  /** Five-minute cache writes; null: the input price. */
  cacheWritePriceUsdPerMTok: number | null;
  /** One-hour cache writes; null: the cache-write price. */
  cacheWrite1hPriceUsdPerMTok: number | null;
  /** Above this many input tokens the whole request is priced at the long-context prices. */
  longContextThresholdTokens: number | null;
  /** null: the input price. */
  longContextInputPriceUsdPerMTok: number | null;
  /** null: the output price. */
  longContextOutputPriceUsdPerMTok: number | null;
}

export interface CreateModelRequest extends Partial<ModelExtraPrices> {
  name: string;
  description?: string;
  targets: ModelTargetInput[];
  inputPriceUsdPerMTok: number;
  outputPriceUsdPerMTok: number;
  tiers?: Tier[];
  enabled?: boolean;
}

export type UpdateModelRequest = Partial<CreateModelRequest>;

export interface ModelTargetView extends Required<ModelTargetInput> {
  providerName?: string;
}

export interface ModelView extends ModelExtraPrices {
  id: string;
  name: string;
  description: string | null;
  targets: ModelTargetView[];
  inputPriceUsdPerMTok: number;
  outputPriceUsdPerMTok: number;
  tiers: Tier[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** `GET /api/v1/models/usable`: the enabled models a tier may use (targets only for admins). */
export interface UsableModelsView {
  tier: Tier;
  items: ModelView[];
}
