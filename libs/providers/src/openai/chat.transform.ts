import { isObject } from '../common/json';
import { ProviderError } from '../provider-error';
import type { ChatRequest, ChatResponse, EmbeddingsRequest, EmbeddingsResponse } from '../unified.types';
import type { DiscoveredModel } from '@gateway/contracts';

export interface OpenAiBodyOptions {
  /** OpenAI deprecated `max_tokens` (reasoning models reject it); other servers mostly know only `max_tokens`. */
  renameMaxTokens: boolean;
}

/** The client's body passed through: only the model is replaced, and streams always ask for usage. */
export function toOpenAiChatBody(request: ChatRequest, upstreamModel: string, options: OpenAiBodyOptions): Record<string, unknown> {
  const body: Record<string, unknown> = { ...request, model: upstreamModel };
  if (request.stream) body.stream_options = { ...request.stream_options, include_usage: true };
  else delete body.stream_options;
  if (options.renameMaxTokens && request.max_tokens != null && request.max_completion_tokens == null) {
    body.max_completion_tokens = request.max_tokens;
    delete body.max_tokens;
  }
  return body;
}

export function fromOpenAiChatResponse(body: unknown): ChatResponse {
  if (!isObject(body) || !Array.isArray(body.choices)) throw new ProviderError('server', 'Upstream answered with a body that is not a chat completion');
  return body as unknown as ChatResponse;
}

export function toOpenAiEmbeddingsBody(request: EmbeddingsRequest, upstreamModel: string): Record<string, unknown> {
  return { ...request, model: upstreamModel };
}

export function fromOpenAiEmbeddingsResponse(body: unknown): EmbeddingsResponse {
  if (!isObject(body) || !Array.isArray(body.data)) throw new ProviderError('server', 'Upstream answered with a body that is not an embeddings list');
  return body as unknown as EmbeddingsResponse;
}

export function fromOpenAiModels(body: unknown): DiscoveredModel[] {
  const data = isObject(body) && Array.isArray(body.data) ? body.data : [];
  return data
    .filter((model): model is { id: string; owned_by?: string } => isObject(model) && typeof model.id === 'string')
    .map((model) => (model.owned_by ? { id: model.id, ownedBy: model.owned_by } : { id: model.id }));
}
