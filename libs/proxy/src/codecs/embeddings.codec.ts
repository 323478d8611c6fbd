import { Injectable } from '@nestjs/common';
import { countTextTokens, estimateTextTokens, ProviderError, type EmbeddingsRequest, type EmbeddingsResponse } from '@gateway/providers';
import { bad, isObject } from '../request-validation';
import type { AttemptPlan, AttemptTarget, CallerRequest, EndpointCodec } from './codec';
import { parseUpstreamJson } from './translated';

export interface EmbeddingsCall extends CallerRequest {
  body: EmbeddingsRequest;
  inputs: string[];
}

/** `POST /v1/embeddings` (OpenAI format) for providers that have embeddings; targets without are skipped. */
@Injectable()
export class EmbeddingsCodec implements EndpointCodec<EmbeddingsCall> {
  readonly endpoint = '/v1/embeddings';
  readonly format = 'openai' as const;
  readonly unsupportedCode = 'embeddings_unsupported';

  parse(body: unknown): EmbeddingsCall {
    if (!isObject(body)) bad('The request body must be a JSON object');
    if (typeof body.model !== 'string' || !body.model) bad('model: a model name is required');
    const input = body.input;
    const ok = typeof input === 'string' || (Array.isArray(input) && input.length > 0 && input.every((s) => typeof s === 'string'));
    if (!ok) bad('input: a string or a non-empty array of strings is required');
    if (body.stream === true) bad('stream: embeddings are not streamed');
    if (body.dimensions != null && !(Number.isInteger(body.dimensions) && (body.dimensions as number) > 0 && (body.dimensions as number) <= 4096)) bad('dimensions: must be an integer from 1 to 4096');
    const inputs = Array.isArray(input) ? (input as string[]) : [input as string];
    return {
      model: body.model,
      stream: false,
      maxTokens: 0,
      ignored: [],
      estimatePromptTokens: () => estimateTextTokens(inputs),
      countPromptTokens: () => inputs.reduce((n, s) => n + countTextTokens(s), 0),
      body: body as unknown as EmbeddingsRequest,
      inputs,
    };
  }

  plan(call: EmbeddingsCall, target: AttemptTarget): AttemptPlan | null {
    const { adapter, config } = target.provider;
    if (!adapter.embeddingsRequest || !adapter.parseEmbeddingsResponse) return null;
    return {
      request: adapter.embeddingsRequest(config, call.body, target.upstreamModel),
      answer: (text) => {
        let result = adapter.parseEmbeddingsResponse!(parseUpstreamJson(text), target.upstreamModel, call.body);
        if (call.body.encoding_format === 'base64') result = toBase64Embeddings(result);
        const prompt = result.usage?.prompt_tokens;
        const usage = prompt ? { prompt_tokens: prompt, completion_tokens: 0, total_tokens: prompt } : undefined;
        const body = JSON.stringify({ ...result, model: call.model });
        return { body: () => body, usage, completionText: () => '' };
      },
      stream: () => {
        throw new ProviderError('invalid_request', 'Embeddings are not streamed');
      },
      mapError: (status, body) => adapter.mapError(status, body),
    };
  }
}

/**
 * The OpenAI SDK asks for `encoding_format: "base64"` by default and decodes the strings
 * itself: upstreams that answer with float arrays (Gemini, Ollama) get theirs encoded the way
 * OpenAI does (little-endian float32). Strings (an OpenAI upstream's) pass as they are.
 */
function toBase64Embeddings(result: EmbeddingsResponse): EmbeddingsResponse {
  const data = result.data.map((d) => {
    if (!Array.isArray(d.embedding)) return d;
    const floats = Float32Array.from(d.embedding);
    return { ...d, embedding: Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64') as unknown as number[] };
  });
  return { ...result, data };
}
