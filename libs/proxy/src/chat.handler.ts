import { Injectable, Logger } from '@nestjs/common';
import { PrincipalResolver } from '@gateway/auth';
import type { AuthUser } from '@gateway/auth-core';
import { costMicros, type UsageRecord } from '@gateway/billing';
import { GatewayMetrics } from '@gateway/metrics';
import { ModelsService, orderTargets, type Model, type ModelTarget } from '@gateway/models';
import {
  ClientAbort,
  countCompletionTokens,
  countPromptTokens,
  estimatePromptTokens,
  ProviderError,
  ProvidersService,
  unifiedResponseToAnthropic,
  UpstreamHttp,
  type ChatRequest,
  type ChatResponse,
  type RuntimeProvider,
  type Usage,
} from '@gateway/providers';
import type { GatewayReply, GatewayRequest } from './exchange';
import { errorBody, GatewayError, type ClientFormat } from './client-format';
import { GatewayGate } from './gateway-gate.service';
import { newContext, type RequestContext } from './request-context';
import { parseChatBody } from './request-validation';
import { relayStream } from './stream-relay';
import { callUpstreamText, isAbort, transportError } from './upstream-call';

/** `POST /v1/chat/completions` and `POST /v1/messages`: one straight path, no Nest machinery per request. */
@Injectable()
export class ChatHandler {
  private readonly logger = new Logger('Gateway');

  constructor(
    private readonly resolver: PrincipalResolver,
    private readonly models: ModelsService,
    private readonly providers: ProvidersService,
    readonly http: UpstreamHttp,
    private readonly gate: GatewayGate,
    private readonly metrics: GatewayMetrics,
  ) {}

  async handle(req: GatewayRequest, reply: GatewayReply, format: ClientFormat): Promise<void> {
    const ctx = newContext(req.id, format, format === 'anthropic' ? '/v1/messages' : '/v1/chat/completions');
    const headers: Record<string, string> = {};
    try {
      const user = await this.authenticate(req, reply);
      ctx.user = user;
      const request = parseChatBody(format, req.body);
      ctx.requestedModel = request.model;
      ctx.stream = request.stream === true;
      const model = this.models.resolve(request.model);
      if (!model) throw new GatewayError(404, `The model "${request.model}" does not exist`, 'model_not_found');
      ctx.model = model;
      if (!this.models.allows(user, model)) throw new GatewayError(403, `This key or account may not use the model "${request.model}"`, 'model_not_allowed');
      ctx.promptTokens = estimatePromptTokens(request);
      ctx.countPrompt = () => countPromptTokens(request);
      Object.assign(headers, await this.gate.admit(ctx, user, model, request.max_tokens ?? request.max_completion_tokens));
      await this.route(ctx, request, model, req, reply, headers);
    } catch (e) {
      this.fail(ctx, reply, e, headers);
    }
  }

  /** Resolve the caller and enforce the key's allowed origins (with CORS answering only those). */
  async authenticate(req: GatewayRequest, reply: GatewayReply): Promise<AuthUser> {
    const result = await this.resolver.resolve(this.resolver.credentialFrom(req.headers));
    if (!result.ok) throw new GatewayError(result.status, result.message, result.status === 401 ? 'invalid_api_key' : 'forbidden');
    const origins = result.user.key?.allowedOrigins;
    if (origins?.length) {
      const origin = req.headers.origin;
      if (!origin || !origins.includes(origin)) {
        // The CORS hook also copied its answer onto the raw response: take it back from both.
        reply.removeHeader('access-control-allow-origin');
        throw new GatewayError(403, `Origin ${origin ?? '(none)'} is not allowed for this API key`, 'origin_not_allowed');
      }
      reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    }
    return result.user;
  }

  private async route(ctx: RequestContext, request: ChatRequest, model: Model, req: GatewayRequest, reply: GatewayReply, headers: Record<string, string>) {
    const candidates = this.candidates(model);
    if (!candidates.length) throw new GatewayError(503, `No provider is available for "${model.name}"`, 'no_provider');
    const abort = new ClientAbort();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    let lastError: Error | undefined;
    for (const { target, provider } of candidates) {
      ctx.attempts++;
      ctx.provider = provider;
      ctx.upstreamModel = target.upstreamModel;
      try {
        if (ctx.stream) await relayStream(this, ctx, request, provider, target.upstreamModel, abort, reply, headers);
        else await this.complete(ctx, request, provider, target.upstreamModel, abort, reply, headers);
        this.providers.recordSuccess(provider);
        return;
      } catch (e) {
        if (abort.aborted || isAbort(e)) return void this.finish(ctx, 499, ZERO_USAGE, 'client closed the request before the answer began');
        const error = transportError(e, provider);
        if (!(error instanceof ProviderError) || !error.retryable || ctx.committed) throw error;
        this.providers.recordFailure(provider);
        this.logger.warn(`${ctx.requestId}: ${provider.name} failed (${error.message}); trying the next target`);
        lastError = error;
      }
    }
    throw lastError;
  }

  /** Targets in routing order; those down or behind an open breaker last-resort only. */
  candidates(model: Model): Array<{ target: ModelTarget; provider: RuntimeProvider }> {
    const all = orderTargets(model.targets)
      .map((target) => ({ target, provider: this.providers.runtime(target.providerId)! }))
      .filter((c) => c.provider?.enabled);
    const available = all.filter((c) => this.providers.isAvailable(c.provider));
    return available.length ? available : all;
  }

  private async complete(ctx: RequestContext, request: ChatRequest, provider: RuntimeProvider, upstreamModel: string, abort: ClientAbort, reply: GatewayReply, headers: Record<string, string>) {
    const started = performance.now();
    let response: ChatResponse;
    let raw: string | null = null;
    if (provider.adapter.inProcess) {
      response = await provider.adapter.inProcess.complete(provider.config, { ...request, stream: false }, upstreamModel, abort.signal);
    } else {
      raw = await callUpstreamText(this.http, provider, provider.adapter.chatRequest(provider.config, { ...request, stream: false }, upstreamModel), abort);
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new ProviderError('server', `${provider.name} answered with a body that is not JSON`);
      }
      response = provider.adapter.parseChatResponse(parsed, upstreamModel);
    }
    ctx.upstreamMs += performance.now() - started;
    const usage = response.usage ?? countedUsage(ctx, response.choices[0]?.message.content ?? '');
    const passthrough = raw !== null && provider.adapter.nativeFormats.includes(ctx.format === 'openai' ? 'openai-chat' : 'anthropic-messages');
    const body = passthrough ? raw! : JSON.stringify(ctx.format === 'anthropic' ? unifiedResponseToAnthropic(response, ctx.requestedModel) : response);
    ctx.committed = true;
    // Settle before answering: once the caller has its answer, the charge is already durable (journalled or in the outbox).
    await this.finish(ctx, 200, usage, null);
    void reply
      .status(200)
      .headers(headers)
      .header('server-timing', this.serverTiming(ctx))
      .type('application/json')
      .send(body);
  }

  serverTiming(ctx: RequestContext): string {
    const total = performance.now() - ctx.start;
    return `gw;dur=${hundredths(total - ctx.upstreamMs)}, upstream;dur=${hundredths(ctx.upstreamMs)}`;
  }

  /**
   * Settle, log and measure the request; called once on every ending path after authentication.
   * Resolves once the usage record is in the durable outbox (never rejects).
   */
  finish(ctx: RequestContext, status: number, usage: Usage, error: string | null): Promise<void> {
    if (!ctx.user) return Promise.resolve();
    const model = ctx.model;
    // Charged when the upstream's answer reached the client, in full or in part.
    const chargeable = Boolean(model) && (status === 200 || ctx.committed);
    const cost = chargeable ? costMicros(model!, usage.prompt_tokens, usage.completion_tokens) : 0;
    const totalMs = performance.now() - ctx.start;
    const record: UsageRecord = {
      requestId: ctx.requestId,
      userId: ctx.user.id,
      keyId: ctx.user.key?.id ?? null,
      tier: ctx.user.tier,
      model: model?.name ?? ctx.requestedModel.slice(0, 200),
      providerId: ctx.provider?.id ?? null,
      provider: ctx.provider?.name ?? null,
      upstreamModel: ctx.upstreamModel ?? null,
      endpoint: ctx.endpoint,
      stream: ctx.stream,
      status,
      promptTokens: chargeable ? usage.prompt_tokens : 0,
      completionTokens: chargeable ? usage.completion_tokens : 0,
      costMicros: cost,
      latencyMs: Math.round(totalMs),
      ttftMs: ctx.ttftMs === null ? null : Math.round(ctx.ttftMs),
      attempts: ctx.attempts,
      error: error?.slice(0, 1000) ?? null,
      createdAt: ctx.createdAt,
    };
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
      costUsd: cost / 1e6,
    });
    return settled;
  }

  /** Answer a failure in the caller's format (or, mid-stream, end the stream with an error event). */
  fail(ctx: RequestContext, reply: GatewayReply, e: unknown, headers: Record<string, string>) {
    let status = 500;
    let message = 'Internal gateway error';
    let code: string | null = null;
    let extra: Record<string, string> = {};
    if (e instanceof GatewayError) ({ status, message, code, headers: extra } = e);
    else if (e instanceof ProviderError) {
      status = e.gatewayStatus;
      message = ctx.attempts > 1 ? `All ${ctx.attempts} targets failed; last: ${e.message}` : e.message;
      code = e.kind;
    } else this.logger.error(`${ctx.requestId}: ${(e as Error)?.stack ?? e}`);
    void this.finish(ctx, status, ZERO_USAGE, message);
    if (reply.sent || reply.raw.headersSent) return;
    void reply
      .status(status)
      .headers({ ...headers, ...extra })
      .header('server-timing', this.serverTiming(ctx))
      .send(errorBody(ctx.format, status, message, code));
  }
}

const ZERO_USAGE: Usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };

/** Milliseconds to two decimals (toFixed costs ~1 µs a call). */
const hundredths = (ms: number) => String(Math.round(ms * 100) / 100);

/** Usage the upstream did not report, counted with the tokenizer. */
export function countedUsage(ctx: RequestContext, completionText: string): Usage {
  const prompt = ctx.countPrompt ? ctx.countPrompt() : ctx.promptTokens;
  const completion = countCompletionTokens(completionText);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

