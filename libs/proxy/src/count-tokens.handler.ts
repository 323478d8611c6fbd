import { Injectable } from '@nestjs/common';
import { GatewayMetrics } from '@gateway/metrics';
import { ClientAbort, countPromptTokens, ProviderError } from '@gateway/providers';
import { errorBody, GatewayError, providerErrorStatus } from './client-format';
import { parseAnthropicBody } from './codecs/messages.codec';
import { forwardedHeaders, bodyWithModel } from './codecs/native';
import { GatewayExchange } from './gateway-exchange.service';
import { GatewayGate } from './gateway-gate.service';
import type { GatewayReply, GatewayRequest } from './gateway-reply';
import { newContext } from './request-context';
import { callerMessage } from './scrub';
import { transportError } from './upstream-call';

/**
 * `POST /v1/messages/count_tokens` (Anthropic format; Claude Code calls it before each turn):
 * asked of an `anthropic` target when the model has one, counted with the tokenizer
 * otherwise. Authenticated, subject to the key's models and rpm; never charged, never a
 * usage row (metrics count it).
 */
@Injectable()
export class CountTokensHandler {
  constructor(
    private readonly exchange: GatewayExchange,
    private readonly gate: GatewayGate,
    private readonly metrics: GatewayMetrics,
  ) {}

  async handle(req: GatewayRequest, reply: GatewayReply): Promise<void> {
    const ctx = newContext(req.id, 'anthropic', '/v1/messages/count_tokens');
    let headers: Record<string, string> = {};
    let status = 200;
    try {
      const user = await this.exchange.authenticate(req, reply);
      const call = parseAnthropicBody(req.body, req.text, []);
      ctx.requestedModel = call.model;
      const model = this.exchange.allowedModel(user, call.model);
      ctx.model = model;
      headers = await this.gate.admitFree(ctx, user);
      const native = this.exchange.candidates(model).find((c) => c.provider.adapter.countTokensRequest);
      let inputTokens: number | undefined;
      if (native) {
        const { provider, target } = native;
        ctx.provider = provider;
        ctx.upstreamModel = target.upstreamModel;
        const request = provider.adapter.countTokensRequest!(provider.config, bodyWithModel(req.text, call.body, target.upstreamModel), forwardedHeaders(req.headers));
        try {
          const res = await provider.transport.fetchText(request, { headersTimeoutMs: provider.config.timeoutMs, bodyTimeoutMs: provider.config.timeoutMs }, new ClientAbort());
          if (res.statusCode >= 400) throw provider.adapter.mapError(res.statusCode, res.text);
          const parsed = JSON.parse(res.text) as { input_tokens?: unknown };
          if (typeof parsed.input_tokens === 'number') inputTokens = parsed.input_tokens;
        } catch (e) {
          const error = transportError(e, provider);
          // The provider's verdict on the caller's input stands; an unreachable one is counted for here.
          if (error instanceof ProviderError && !error.retryable) throw error;
        }
      }
      reply.status(200).headers(headers).send({ input_tokens: inputTokens ?? countPromptTokens(call.unified().request) });
    } catch (e) {
      status = this.refuse(reply, e, ctx, headers);
    } finally {
      const seconds = (performance.now() - ctx.start) / 1000;
      this.metrics.observe({
        model: ctx.model?.name ?? 'unknown',
        provider: ctx.provider?.name ?? 'none',
        endpoint: ctx.endpoint,
        status,
        stream: false,
        totalSeconds: seconds,
        upstreamSeconds: 0,
        ttftSeconds: null,
        promptTokens: 0,
        completionTokens: 0,
        costUsd: 0,
      });
    }
  }

  private refuse(reply: GatewayReply, e: unknown, ctx: ReturnType<typeof newContext>, headers: Record<string, string>): number {
    let status = 500;
    let message = 'Internal gateway error';
    let code: string | null = null;
    let extra: Record<string, string> = {};
    if (e instanceof GatewayError) ({ status, message, code, headers: extra } = e);
    else if (e instanceof ProviderError) {
      status = providerErrorStatus(e, 'anthropic');
      message = callerMessage(e.message, ctx.provider, ctx.upstreamModel, ctx.requestedModel);
    }
    reply.status(status).headers({ ...headers, ...extra }).send(errorBody('anthropic', status, message, code));
    return status;
  }
}
