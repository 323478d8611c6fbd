import { isObject } from '../common/json';
import { ProviderError } from '../provider-error';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../unified.types';

export function toOllamaEmbeddingsRequest(request: EmbeddingsRequest, upstreamModel: string): Record<string, unknown> {
  return { model: upstreamModel, input: request.input, ...(request.dimensions ? { dimensions: request.dimensions } : {}) };
}

export function fromOllamaEmbeddingsResponse(body: unknown, upstreamModel: string): EmbeddingsResponse {
  if (!isObject(body) || !Array.isArray(body.embeddings)) throw new ProviderError('server', 'Upstream answered with a body that is not an embeddings list');
  const tokens = typeof body.prompt_eval_count === 'number' ? body.prompt_eval_count : 0;
  return {
    object: 'list',
    data: body.embeddings.map((embedding, index) => ({ object: 'embedding', index, embedding: embedding as number[] })),
    model: upstreamModel,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
