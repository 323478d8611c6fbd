/** What the gateway records about one request: written to the outbox at settlement, then to usage_logs + ledger. */
export interface UsageRecord {
  requestId: string;
  userId: string;
  keyId: string | null;
  tier: string;
  model: string;
  providerId: string | null;
  provider: string | null;
  upstreamModel: string | null;
  endpoint: string;
  stream: boolean;
  status: number;
  promptTokens: number;
  completionTokens: number;
  costMicros: number;
  latencyMs: number;
  ttftMs: number | null;
  attempts: number;
  error: string | null;
  /** Epoch ms. */
  createdAt: number;
}
