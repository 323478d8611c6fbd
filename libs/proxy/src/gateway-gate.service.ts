import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '@gateway/auth-core';
import { AdmitRequest, AdmitResult, CREDIT_GATE, CreditGate, estimateHoldMicros, type UsageRecord } from '@gateway/billing';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import { GatewayMetrics } from '@gateway/metrics';
import type { Model } from '@gateway/models';
import { GatewayError } from './client-format';
import type { RequestContext } from './request-context';

/** Limits and credits for one request: admit before routing, settle exactly once after. */
@Injectable()
export class GatewayGate {
  private readonly logger = new Logger('GatewayGate');
  private loggedDownAt = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CREDIT_GATE) private readonly gate: CreditGate,
    private readonly metrics: GatewayMetrics,
  ) {
    metrics.unconfirmedSource = () => gate.unconfirmed();
  }

  /** Throws a 429 or 402 GatewayError when refused; returns the rate-limit headers to send. */
  admit(ctx: RequestContext, user: AuthUser, model: Model, maxTokens: number | null | undefined): Promise<Record<string, string>> {
    const key = user.key;
    return this.take(ctx, {
      requestId: ctx.requestId,
      accountId: key?.teamId ?? user.id,
      keyId: key?.id ?? null,
      rpm: key?.rpm ?? this.config.limits.rpm[user.tier],
      tpm: key?.tpm ?? this.config.limits.tpm[user.tier],
      holdMicros: model.inputPriceMicros || model.outputPriceMicros ? Math.max(estimateHoldMicros(model, ctx.promptTokens, maxTokens), 1) : 0,
      quotaMicros: key?.quotaMicros ?? null,
    });
  }

  /** A request that costs nothing (count_tokens): counted against rpm only, nothing held, nothing to settle. */
  admitFree(ctx: RequestContext, user: AuthUser): Promise<Record<string, string>> {
    const key = user.key;
    return this.take(ctx, { requestId: ctx.requestId, accountId: key?.teamId ?? user.id, keyId: key?.id ?? null, rpm: key?.rpm ?? this.config.limits.rpm[user.tier], tpm: 0, holdMicros: 0, quotaMicros: null });
  }

  private async take(ctx: RequestContext, request: AdmitRequest): Promise<Record<string, string>> {
    let result: AdmitResult;
    try {
      result = await this.gate.admit(request);
    } catch (e) {
      // Limits and credits cannot be checked: refuse rather than serve unmetered.
      this.storeDown(e as Error);
      throw new GatewayError(503, 'The gateway cannot check rate limits and credits right now (its store is unreachable); retry shortly', 'gate_unavailable', { 'retry-after': '1' });
    }
    const headers = rateHeaders(result);
    if (result.ok) {
      ctx.admitted = { ...request, holdMicros: result.holdMicros };
      return headers;
    }
    ctx.admitted = { ...request, holdMicros: 0 };
    this.metrics.rateLimited.labels(result.reason).inc();
    switch (result.reason) {
      case 'credits':
        throw new GatewayError(402, 'Not enough credits: ask an admin to grant more', 'insufficient_credits', headers);
      case 'quota':
        throw new GatewayError(402, "This API key's quota is spent", 'key_quota_exceeded', headers);
      default:
        throw new GatewayError(429, `Rate limit reached (${result.reason === 'rpm' ? 'requests' : 'tokens'} per minute): retry after ${result.retryAfterSeconds}s`, 'rate_limit_exceeded', {
          ...headers,
          'retry-after': String(result.retryAfterSeconds),
        });
    }
  }

  /** Log an unreachable store at most every 10 s (every request fails alike meanwhile). */
  private storeDown(e: Error): void {
    const now = Date.now();
    if (now - this.loggedDownAt < 10_000) return;
    this.loggedDownAt = now;
    this.logger.error(`credit gate unavailable, refusing gateway requests with 503: ${e.message}`);
  }

  /** Release the hold, charge the cost and queue the usage record (idempotent per request). */
  settle(ctx: RequestContext, record: UsageRecord): Promise<void> {
    if (ctx.settled) return Promise.resolve();
    ctx.settled = true;
    // Refused before admission (400, 403, 404): nothing is held or charged, but the request is logged all the same.
    const admitted = ctx.admitted ?? { requestId: ctx.requestId, accountId: record.teamId ?? record.userId, keyId: record.keyId, rpm: 0, tpm: 0, holdMicros: 0, quotaMicros: null };
    return this.gate.settle(admitted, record, record.promptTokens + record.completionTokens);
  }
}

function rateHeaders(result: AdmitResult): Record<string, string> {
  if (!result.rateLimit) return {};
  return {
    'x-ratelimit-limit': String(result.rateLimit.limit),
    'x-ratelimit-remaining': String(result.rateLimit.remaining),
    'x-ratelimit-reset': String(result.rateLimit.resetSeconds),
  };
}
