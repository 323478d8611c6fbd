import { Injectable, Logger } from '@nestjs/common';
import { PrincipalResolver } from '@gateway/auth';
import type { AuthUser } from '@gateway/auth-core';
import { cacheSavingsMicros, costMicros, type UsageRecord } from '@gateway/billing';
import { GatewayMetrics } from '@gateway/metrics';
import { ModelsService, orderTargets, type Model, type ModelTarget } from '@gateway/models';
import { ClientAbort, ProviderError, ProvidersService, type RuntimeProvider } from '@gateway/providers';
import { errorBody, GatewayError, providerErrorStatus } from './client-format';
import type { AttemptPlan, CallerRequest, EndpointCodec } from './codecs/codec';
import type { GatewayReply, GatewayRequest } from './gateway-reply';
import { GatewayGate } from './gateway-gate.service';
import { ZERO_USAGE, type Outcome } from './outcome';
import { newContext, type RequestContext } from './request-context';
import { callerMessage, redactSecrets } from './scrub';
import { RunningStreams } from './running-streams';
import { relayStream } from './stream-relay';
import { counted, estimate, hundredths, planFor, tokensOf } from './exchange-helpers';
import { attemptFailure, endAttemptSpan, endRequestSpan, startAttemptSpan, startRequestSpan } from './gateway-trace';
import { callUpstreamText, isAbort, transportError } from './upstream-call';

/**
 * One gateway request from end to end, whatever its endpoint: authenticate, parse (the
 * endpoint's codec), admit, try the targets in order with failover, then settle, log and
 * measure exactly once (the `finally` of `run`) before the caller's last bytes go out.
 */
@Injectable()
export class GatewayExchange {
  private readonly logger = new Logger('Gateway');

  constructor(
    private readonly resolver: PrincipalResolver,
    private readonly models: ModelsService,
    private readonly providers: ProvidersService,
    private readonly gate: GatewayGate,
    private readonly metrics: GatewayMetrics,
    private readonly running: RunningStreams,
  ) {}

  async run<R extends CallerRequest>(codec: EndpointCodec<R>, req: GatewayRequest, reply: GatewayReply): Promise<void> {
    const ctx = newContext(req.id, codec.format, codec.endpoint);
    ctx.span = startRequestSpan(req.headers, req.id, codec.endpoint);
    const headers: Record<string, string> = {};
    let outcome: Outcome = { status: 500, usage: ZERO_USAGE, error: 'Internal gateway error', deliver: null };
    try {
      ctx.user = await this.authenticate(req, reply);
      const call = codec.parse(req.body, req.text);
      ctx.requestedModel = call.model;
      ctx.stream = call.stream;
      const model = this.allowedModel(ctx.user, call.model);
      ctx.model = model;
      ctx.promptTokens = estimate(call);
      Object.assign(headers, await this.gate.admit(ctx, ctx.user, model, call.maxTokens));
      outcome = await this.attempt(codec, call, ctx, model, req, reply, headers);
    } catch (e) {
      outcome = this.failure(ctx, reply, e, headers);
    } finally {
      // The charge is durable (journalled or in the outbox) before the caller sees the end.
      if (ctx.user) await this.settle(ctx, outcome);
      else endRequestSpan(ctx, outcome.status, tokensOf(ZERO_USAGE), 0, outcome.error);
      outcome.deliver?.();
    }
  }

  /** Resolve the caller and enforce the key's allowed origins (with CORS answering only those). */
  async authenticate(req: GatewayRequest, reply: GatewayReply): Promise<AuthUser> {
    const result = await this.resolver.resolve(this.resolver.credentialFrom(req.headers));
    if (!result.ok) throw new GatewayError(result.status, result.message, result.status === 401 ? 'invalid_api_key' : 'forbidden');
    if (result.user.key && !result.user.key.scopes.includes('gateway')) throw new GatewayError(403, 'This API key has no "gateway" scope: it may call the management API only', 'forbidden');
    const origins = result.user.key?.allowedOrigins;
    if (origins?.length) {
      const origin = req.headers.origin;
      if (!origin || !origins.includes(origin)) {
        reply.removeHeader('access-control-allow-origin');
        throw new GatewayError(403, `Origin ${origin ?? '(none)'} is not allowed for this API key`, 'origin_not_allowed');
      }
      reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    }
    return result.user;
  }

  /** The public model by name, if it exists and this caller may use it (else a 404 or 403). */
  allowedModel(user: AuthUser, name: string): Model {
    const model = this.models.resolve(name);
    if (!model) throw new GatewayError(404, `The model "${name}" does not exist`, 'model_not_found');
    if (!this.models.allows(user, model)) throw new GatewayError(403, `This key or account may not use the model "${name}"`, 'model_not_allowed');
    return model;
  }

  /** Targets in routing order; those down or behind an open breaker last-resort only. */
  candidates(model: Model): Array<{ target: ModelTarget; provider: RuntimeProvider }> {
    const all = orderTargets(model.targets)
      .map((target) => ({ target, provider: this.providers.runtime(target.providerId)! }))
      .filter((c) => c.provider?.enabled);
    const available = all.filter((c) => this.providers.isAvailable(c.provider));
    return available.length ? available : all;
  }

  serverTiming(ctx: RequestContext): string {
    const total = performance.now() - ctx.start;
    return `gw;dur=${hundredths(total - ctx.upstreamMs)}, upstream;dur=${hundredths(ctx.upstreamMs)}`;
  }

  private async attempt<R extends CallerRequest>(codec: EndpointCodec<R>, call: R, ctx: RequestContext, model: Model, req: GatewayRequest, reply: GatewayReply, headers: Record<string, string>): Promise<Outcome> {
    const candidates = this.candidates(model);
    if (!candidates.length) throw new GatewayError(503, `No provider is available for "${model.name}"`, 'no_provider');
    const abort = new ClientAbort();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    // A stream ends early if its key is revoked meanwhile (RunningStreams).
    const untrack = call.stream ? this.running.track(ctx.user!, abort) : null;
    try {
      return await this.tryTargets(codec, call, ctx, model, req, reply, headers, candidates, abort);
    } finally {
      untrack?.();
    }
  }

  private async tryTargets<R extends CallerRequest>(
    codec: EndpointCodec<R>,
    call: R,
    ctx: RequestContext,
    model: Model,
    req: GatewayRequest,
    reply: GatewayReply,
    headers: Record<string, string>,
    candidates: Array<{ target: ModelTarget; provider: RuntimeProvider }>,
    abort: ClientAbort,
  ): Promise<Outcome> {
    let lastError: Error | undefined;
    for (const { target, provider } of candidates) {
      const plan = planFor(codec, call, { provider, upstreamModel: target.upstreamModel, headers: req.headers });
      if (!plan) continue;
      ctx.attempts++;
      ctx.provider = provider;
      ctx.upstreamModel = target.upstreamModel;
      const ignored = [...new Set([...call.ignored, ...(plan.request.ignored ?? [])])];
      const answerHeaders = ignored.length ? { ...headers, 'x-gateway-ignored-params': ignored.join(',') } : headers;
      const span = startAttemptSpan(ctx, provider, target.upstreamModel, plan.request);
      try {
        const outcome = call.stream
          ? await relayStream({
              ctx,
              plan,
              provider,
              abort,
              reply,
              headers: answerHeaders,
              serverTiming: () => this.serverTiming(ctx),
              count: (text) => counted(call, text),
              callerMessage: (e) => callerMessage(e.message, provider, target.upstreamModel, call.model),
            })
          : await this.complete(ctx, call, plan, provider, abort, reply, answerHeaders);
        this.providers.recordSuccess(provider);
        endAttemptSpan(span);
        return outcome;
      } catch (e) {
        if (span) endAttemptSpan(span, attemptFailure(e, provider));
        if (abort.refusal) throw new GatewayError(401, abort.refusal, 'invalid_api_key');
        if (abort.aborted || isAbort(e)) return { status: 499, usage: ZERO_USAGE, error: 'client closed the request before the answer began', deliver: null };
        const error = transportError(e, provider);
        if (!(error instanceof ProviderError) || !error.retryable || ctx.committed) throw error;
        this.providers.recordFailure(provider);
        this.logger.warn(`${ctx.requestId}: ${provider.name} failed (${redactSecrets(error.message, provider)}); trying the next target`);
        lastError = error;
      }
    }
    throw lastError ?? new GatewayError(400, `The model "${model.name}" has no provider that serves ${codec.endpoint}`, codec.unsupportedCode ?? 'endpoint_unsupported');
  }

  private async complete(ctx: RequestContext, call: CallerRequest, plan: AttemptPlan, provider: RuntimeProvider, abort: ClientAbort, reply: GatewayReply, headers: Record<string, string>): Promise<Outcome> {
    const started = performance.now();
    const text = await callUpstreamText(provider, plan, plan.request, abort);
    ctx.upstreamMs += performance.now() - started;
    const answer = plan.answer(text);
    const usage = answer.usage ?? counted(call, answer.completionText());
    ctx.committed = true;
    return {
      status: 200,
      usage,
      estimated: !answer.usage,
      error: null,
      deliver: () => reply.status(200).headers(headers).header('server-timing', this.serverTiming(ctx)).type('application/json').send(answer.body(usage)),
    };
  }

  /** A failure as the caller sees it (its format, no supplier names or secrets) and as the usage row records it. */
  private failure(ctx: RequestContext, reply: GatewayReply, e: unknown, headers: Record<string, string>): Outcome {
    let status = 500;
    let message = 'Internal gateway error';
    let logged = message;
    let code: string | null = null;
    let extra: Record<string, string> = {};
    if (e instanceof GatewayError) {
      ({ status, message, code, headers: extra } = e);
      logged = message;
    } else if (e instanceof ProviderError) {
      status = providerErrorStatus(e, ctx.format);
      const prefix = ctx.attempts > 1 ? `All ${ctx.attempts} targets failed; last: ` : '';
      message = prefix + callerMessage(e.message, ctx.provider, ctx.upstreamModel, ctx.requestedModel);
      logged = prefix + redactSecrets(e.message, ctx.provider);
      code = e.kind;
      if (status === 429) extra = { 'retry-after': e.retryAfter ?? '1' };
    } else this.logger.error(`${ctx.requestId}: ${(e as Error)?.stack ?? e}`);
    return {
      status,
      usage: ZERO_USAGE,
      error: logged,
      deliver: () => {
        if (reply.sent) return;
        reply.status(status).headers({ ...headers, ...extra }).header('server-timing', this.serverTiming(ctx)).send(errorBody(ctx.format, status, message, code));
      },
    };
  }

  /** Settle, log and measure the request: once, for every authenticated request. Never rejects. */
  private settle(ctx: RequestContext, outcome: Outcome): Promise<void> {
    const { status } = outcome;
    const model = ctx.model;
    // Charged when the upstream's answer reached the client, in full or in part.
    const chargeable = Boolean(model) && (status === 200 || ctx.committed);
    const tokens = tokensOf(chargeable ? outcome.usage : ZERO_USAGE);
    const cost = chargeable ? costMicros(model!, tokens) : 0;
    const totalMs = performance.now() - ctx.start;
    const record: UsageRecord = {
      requestId: ctx.requestId,
      userId: ctx.user!.id,
      keyId: ctx.user!.key?.id ?? null,
      teamId: ctx.user!.key?.teamId ?? null,
      tier: ctx.user!.tier,
      model: model?.name ?? ctx.requestedModel.slice(0, 200),
      providerId: ctx.provider?.id ?? null,
      provider: ctx.provider?.name ?? null,
      upstreamModel: ctx.upstreamModel ?? null,
      endpoint: ctx.endpoint,
      stream: ctx.stream,
      status,
      promptTokens: tokens.promptTokens,
      completionTokens: tokens.completionTokens,
      cacheReadTokens: tokens.cacheReadTokens,
      cacheWriteTokens: tokens.cacheWriteTokens,
      reasoningTokens: tokens.reasoningTokens,
      usageSource: outcome.estimated ? 'estimated' : 'reported',
      costMicros: cost,
      cacheSavingsMicros: chargeable && tokens.cacheReadTokens ? cacheSavingsMicros(model!, tokens) : 0,
      latencyMs: Math.round(totalMs),
      ttftMs: ctx.ttftMs === null ? null : Math.round(ctx.ttftMs),
      attempts: ctx.attempts,
      error: outcome.error?.slice(0, 1000) ?? null,
      createdAt: ctx.createdAt,
    };
    endRequestSpan(ctx, status, tokens, cost, record.error);
    const settled = this.gate.settle(ctx, record).catch((e) => this.logger.error(`${ctx.requestId}: settlement failed: ${(e as Error).message}`));
    this.metrics.observe({
      model: model?.name ?? 'unknown',
      provider: ctx.provider?.name ?? 'none',
      endpoint: ctx.endpoint,
      status,
      stream: ctx.stream,
      totalSeconds: totalMs / 1000,
      upstreamSeconds: ctx.upstreamMs / 1000,
      ttftSeconds: ctx.ttftMs === null ? null : ctx.ttftMs / 1000,
      promptTokens: record.promptTokens,
      completionTokens: record.completionTokens,
      cacheReadTokens: record.cacheReadTokens,
      cacheWriteTokens: record.cacheWriteTokens,
      reasoningTokens: record.reasoningTokens,
      costUsd: cost / 1e6,
    });
    return settled;
  }
}
