import { Injectable } from '@nestjs/common';
import { countTextTokens, estimateTextTokens, ProviderError, UpstreamHttp, type EmbeddingsResponse } from '@gateway/providers';
import type { GatewayReply, GatewayRequest } from './exchange';
import { ChatHandler } from './chat.handler';
import { GatewayError } from './client-format';
import { GatewayGate } from './gateway-gate.service';
import { newContext } from './request-context';
import { parseEmbeddingsBody } from './request-validation';
import { callUpstream, isAbort, transportError } from './upstream-call';
import { ModelsService } from '@gateway/models';

/** `POST /v1/embeddings` (OpenAI format) for providers that have embeddings. */
@Injectable()
export class EmbeddingsHandler {
  constructor(
    private readonly chat: ChatHandler,
    private readonly models: ModelsService,
    private readonly http: UpstreamHttp,
    private readonly gate: GatewayGate,
  ) {}

  async handle(req: GatewayRequest, reply: GatewayReply): Promise<void> {
    const ctx = newContext(req.id, 'openai', '/v1/embeddings');
    const headers: Record<string, string> = {};
    try {
      const user = await this.chat.authenticate(req, reply);
      ctx.user = user;
      const request = parseEmbeddingsBody(req.body);
      ctx.requestedModel = request.model;
      const model = this.models.resolve(request.model);
      if (!model) throw new GatewayError(404, `The model "${request.model}" does not exist`, 'model_not_found');
      ctx.model = model;
      if (!this.models.allows(user, model)) throw new GatewayError(403, `This key or account may not use the model "${request.model}"`, 'model_not_allowed');
      const inputs = Array.isArray(request.input) ? request.input : [request.input];
      ctx.promptTokens = estimateTextTokens(inputs);
      Object.assign(headers, await this.gate.admit(ctx, user, model, 0));
      let lastError: Error | undefined;
      for (const { target, provider } of this.chat.candidates(model)) {
        const adapter = provider.adapter;
        if (!adapter.embeddingsRequest && !adapter.inProcess?.embed) continue;
        ctx.attempts++;
        ctx.provider = provider;
        ctx.upstreamModel = target.upstreamModel;
        const started = performance.now();
        try {
          let result: EmbeddingsResponse;
          if (adapter.inProcess?.embed) result = await adapter.inProcess.embed(provider.config, request, target.upstreamModel);
          else {
            const res = await callUpstream(this.http, provider, adapter.embeddingsRequest!(provider.config, request, target.upstreamModel), AbortSignal.timeout(provider.config.timeoutMs));
            result = adapter.parseEmbeddingsResponse!(JSON.parse(await res.body.text()), target.upstreamModel, request);
          }
          ctx.upstreamMs += performance.now() - started;
          if (request.encoding_format === 'base64') result = toBase64Embeddings(result);
          const prompt = result.usage?.prompt_tokens || inputs.reduce((n, s) => n + countTextTokens(s), 0);
          ctx.committed = true;
          await this.chat.finish(ctx, 200, { prompt_tokens: prompt, completion_tokens: 0, total_tokens: prompt }, null);
          void reply.status(200).headers(headers).header('server-timing', this.chat.serverTiming(ctx)).send(result);
          return;
        } catch (e) {
          const error = isAbort(e) ? e : transportError(e, provider);
          if (!(error instanceof ProviderError) || !error.retryable) throw error;
          lastError = error;
        }
      }
      throw lastError ?? new GatewayError(400, `The model "${model.name}" has no provider with embeddings`, 'embeddings_unsupported');
    } catch (e) {
      this.chat.fail(ctx, reply, e, headers);
    }
  }
}

/**
 * The OpenAI SDK asks for `encoding_format: "base64"` by default and decodes the strings
 * itself: upstreams that answer with float arrays (mock, Gemini, Ollama) get theirs encoded
 * the way OpenAI does (little-endian float32). Strings (an OpenAI upstream's) pass as they are.
 */
function toBase64Embeddings(result: EmbeddingsResponse): EmbeddingsResponse {
  const data = result.data.map((d) => {
    if (!Array.isArray(d.embedding)) return d;
    const floats = Float32Array.from(d.embedding);
    return { ...d, embedding: Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64') as unknown as number[] };
  });
  return { ...result, data };
}
