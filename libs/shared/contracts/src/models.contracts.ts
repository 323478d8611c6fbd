import type { Tier } from './users.contracts';

export interface ModelTargetInput {
  providerId: string;
  upstreamModel: string;
  /** Relative share within a priority; default 1. */
  weight?: number;
  /** Lower is tried first; default 0. */
  priority?: number;
}

export interface CreateModelRequest {
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

export interface ModelView {
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
