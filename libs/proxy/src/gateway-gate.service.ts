import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuthBudget, AuthUser } from '@gateway/auth-core';
import { AdmitRequest, AdmitResult, budgetLimit, CREDIT_GATE, CreditGate, estimateHoldMicros, periodAt, type BudgetLimit, type UsageRecord } from '@gateway/billing';
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
    const priced = model.inputPriceMicros || model.outputPriceMicros;
    return this.take(ctx, this.request(ctx, user, priced ? Math.max(estimateHoldMicros(model, ctx.promptTokens, maxTokens), 1) : 0, true));
  }

  /** A request that costs nothing (count_tokens): counted against rpm only, nothing held, nothing to settle. */
  admitFree(ctx: RequestContext, user: AuthUser): Promise<Record<string, string>> {
    return this.take(ctx, this.request(ctx, user, 0, false));
  }

  /**
   * The caller's limits: the key's (or the tier's), its team's shared ones, and the budgets of the
   * key and of the paying account (the team for a team key, else the user) in the period the
   * request was made in.
   */
  private request(ctx: RequestContext, user: AuthUser, holdMicros: number, withTokens: boolean): AdmitRequest {
    const key = user.key;
    const team = key?.team ?? null;
    const budget = (owner: BudgetLimit['owner'], id: string, b: AuthBudget | null | undefined) => (b ? budgetLimit(owner, id, b.micros, b.period, ctx.createdAt) : null);
    return {
      requestId: ctx.requestId,
      accountId: key?.teamId ?? user.id,
      keyId: key?.id ?? null,
      rpm: key?.rpm ?? this.config.limits.rpm[user.tier],
      tpm: withTokens ? (key?.tpm ?? this.config.limits.tpm[user.tier]) : 0,
      teamId: key?.teamId ?? null,
      teamRpm: team?.rpm ?? 0,
      teamTpm: withTokens ? (team?.tpm ?? 0) : 0,
      holdMicros,
      keyBudget: key ? budget('key', key.id, key.budget) : null,
      accountBudget: key?.teamId ? budget('team', key.teamId, team?.budget) : budget('user', user.id, user.budget),
    };
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
      case 'budget_key':
      case 'budget_account': {
        const limit = (result.reason === 'budget_key' ? request.keyBudget : request.accountBudget)!;
        throw new GatewayError(402, budgetSpent(limit, ctx.createdAt), limit.owner === 'key' && limit.period === 'total' ? 'key_quota_exceeded' : 'budget_exceeded', headers);
      }
      case 'team_rpm':
      case 'team_tpm':
        throw new GatewayError(429, `The team's rate limit is reached (${result.reason === 'team_rpm' ? 'requests' : 'tokens'} per minute, shared by its keys): retry after ${result.retryAfterSeconds}s`, 'rate_limit_exceeded', {
          ...headers,
          'retry-after': String(result.retryAfterSeconds),
        });
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
    const admitted = ctx.admitted ?? { requestId: ctx.requestId, accountId: record.teamId ?? record.userId, keyId: record.keyId, rpm: 0, tpm: 0, holdMicros: 0, keyBudget: null, accountBudget: null };
    return this.gate.settle(admitted, record, record.promptTokens + record.completionTokens);
  }
}

const PERIOD_WORDS = { day: 'daily', week: 'weekly', month: 'monthly', total: 'total' } as const;
const OWNER_WORDS = { key: "This API key's", user: 'Your', team: "The team's" } as const;

/** "The team's monthly budget of $100 is spent; it resets at 2027-02-01T00:00:00.000Z". */
function budgetSpent(limit: BudgetLimit, at: number): string {
  const end = periodAt(limit.period, at).end;
  const resets = end ? `it resets at ${end.toISOString()}` : 'it does not reset: raise it or remove it';
  return `${OWNER_WORDS[limit.owner]} ${PERIOD_WORDS[limit.period]} budget of $${limit.micros / 1e6} is spent; ${resets}`;
}

function rateHeaders(result: AdmitResult): Record<string, string> {
  if (!result.rateLimit) return {};
  return {
    'x-ratelimit-limit': String(result.rateLimit.limit),
    'x-ratelimit-remaining': String(result.rateLimit.remaining),
    'x-ratelimit-reset': String(result.rateLimit.resetSeconds),
  };
}
