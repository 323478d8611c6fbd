/** What the gateway records about one request: written to the outbox at settlement, then to usage_logs + ledger. */
export interface UsageRecord {
  requestId: string;
  userId: string;
  keyId: string | null;
  /** The team whose account pays (a team key); absent or null: the user's own. */
  teamId?: string | null;
  tier: string;
  model: string;
  providerId: string | null;
  provider: string | null;
  upstreamModel: string | null;
  endpoint: string;
  stream: boolean;
  status: number;
  /** Every input token (cache reads and writes included). */
  promptTokens: number;
  /** Every output token (reasoning included). */
  completionTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** `reported` by the provider, or `estimated` by the gateway's tokenizer when it reported none. */
  usageSource: 'reported' | 'estimated';
  costMicros: number;
  /** What the cache reads saved against the input price (absent in records journalled before it existed: 0). */
  cacheSavingsMicros?: number;
  latencyMs: number;
  ttftMs: number | null;
  attempts: number;
  error: string | null;
  /** Epoch ms. */
  createdAt: number;
  /** The gate instance that settled it: it keeps the settlement in its journal until told PostgreSQL has the row. */
  origin?: string;
}

/**
 * Fields a record's JSON leaves out when they hold these values: the usage writer reads a missing
 * one as this (COALESCE, or NULL). Every byte of a record is copied some ten times on its way to
 * PostgreSQL (journal, Redis, outbox, worker, statement), and most requests have no team, cache,
 * reasoning or error; this is about a fifth of the record.
 */
const DEFAULTS: Readonly<Record<string, unknown>> = Object.assign(Object.create(null) as object, {
  teamId: null,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  usageSource: 'reported',
  cacheSavingsMicros: 0,
  ttftMs: null,
  error: null,
});

/** The record as the outbox carries it: JSON without the fields that hold their default. */
export function usageRecordJson(record: UsageRecord): string {
  const out: Record<string, unknown> = {};
  for (const key in record) {
    const value = record[key as keyof UsageRecord];
    if (value !== DEFAULTS[key]) out[key] = value;
  }
  return JSON.stringify(out);
}
