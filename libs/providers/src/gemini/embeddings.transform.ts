import { usageOf } from '../common/chunks';
import { isObject } from '../common/json';
import { ProviderError } from '../provider-error';
import { countTextTokens } from '../token-counter';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../unified.types';
import { bareModel } from './gemini.api';

function inputsOf(request: EmbeddingsRequest): string[] {
  return Array.isArray(request.input) ? request.input : [request.input];
}

export function toGeminiEmbeddingsRequest(request: EmbeddingsRequest, upstreamModel: string): Record<string, unknown> {
  const model = `models/${bareModel(upstreamModel)}`;
  return {
    requests: inputsOf(request).map((text) => ({
      model,
      content: { parts: [{ text }] },
      ...(request.dimensions ? { outputDimensionality: request.dimensions } : {}),
    })),
  };
}

/** Gemini reports no token usage for embeddings: it is counted from the request when given. */
export function fromGeminiEmbeddingsResponse(body: unknown, upstreamModel: string, request?: EmbeddingsRequest): EmbeddingsResponse {
  if (!isObject(body) || !Array.isArray(body.embeddings)) throw new ProviderError('server', 'Upstream answered with a body that is not an embeddings list');
  const data = body.embeddings.map((embedding, index) => ({
    object: 'embedding' as const,
    index,
    embedding: isObject(embedding) && Array.isArray(embedding.values) ? (embedding.values as number[]) : [],
  }));
  const tokens = request ? inputsOf(request).reduce((sum, text) => sum + countTextTokens(text), 0) : 0;
  const usage = usageOf(tokens, 0);
  return { object: 'list', data, model: upstreamModel, usage: { prompt_tokens: usage.prompt_tokens, total_tokens: usage.total_tokens } };
}
