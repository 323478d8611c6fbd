import type { KeyView, ModelView, TeamView } from '@gateway/contracts';

/** Whole API views for the console's specs, with what a test cares about overridden. */

export const keyView = (over: Partial<KeyView> = {}): KeyView => ({
  id: 'k1',
  userId: 'u1',
  teamId: null,
  name: 'ci key',
  prefix: 'gw-AbCdEf',
  models: [],
  quotaUsd: null,
  quotaUsedUsd: 0,
  budget: null,
  rpm: null,
  tpm: null,
  expiresAt: null,
  allowedOrigins: [],
  scopes: ['gateway'],
  revokedAt: null,
  previousKeyExpiresAt: null,
  lastUsedAt: null,
  createdAt: '2025-01-01T00:00:00Z',
  ...over,
});

/** A model open to every tier at $3 / $15 per MTok, without cache or long-context prices. */
export const modelView = (over: Partial<ModelView> = {}): ModelView => ({
  id: over.name ?? 'm',
  name: 'm',
  description: null,
  targets: [],
  inputPriceUsdPerMTok: 3,
  outputPriceUsdPerMTok: 15,
  cacheReadPriceUsdPerMTok: null,
  cacheWritePriceUsdPerMTok: null,
  cacheWrite1hPriceUsdPerMTok: null,
  longContextThresholdTokens: null,
  longContextInputPriceUsdPerMTok: null,
  longContextOutputPriceUsdPerMTok: null,
  tiers: [],
  enabled: true,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...over,
});

export const teamView = (over: Partial<TeamView> = {}): TeamView => ({
  id: 't1',
  name: 'Research',
  slug: 'research',
  allowedModels: [],
  rpm: null,
  tpm: null,
  metadata: {},
  budget: null,
  lowBalanceUsd: null,
  role: 'owner',
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
  ...over,
});
