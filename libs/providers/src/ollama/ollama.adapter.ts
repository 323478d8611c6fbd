import type { DiscoveredModel } from '@gateway/contracts';
import { isObject } from '../common/json';
import type { ProviderAdapter } from '../provider-adapter.interface';
import { ProviderError } from '../provider-error';
import { OllamaStreamDecoder } from './chat-stream.decoder';
import { fromOllamaResponse, toOllamaRequest } from './chat.transform';
import { fromOllamaEmbeddingsResponse, toOllamaEmbeddingsRequest } from './embeddings.transform';
import { ollamaGet, ollamaPost } from './ollama.api';
import { mapOllamaError } from './ollama-errors';
import type { OllamaChatResponse } from './ollama.types';

function parseModels(body: unknown): DiscoveredModel[] {
  const models = isObject(body) && Array.isArray(body.models) ? body.models : [];
  return models.filter((model) => isObject(model) && typeof model.name === 'string').map((model) => ({ id: String(model.name) }));
}

export const ollamaAdapter: ProviderAdapter = {
  type: 'ollama',
  streamFraming: 'ndjson',
  nativeFormats: [],
  chatRequest: (config, request, upstreamModel) => {
    const { body, ignored } = toOllamaRequest(request, upstreamModel);
    return { ...ollamaPost(config, '/api/chat', body), ignored };
  },
  parseChatResponse: (body, upstreamModel) => {
    if (!isObject(body)) throw new ProviderError('server', 'Upstream answered with a body that is not an Ollama chat response');
    if (typeof body.error === 'string') throw mapOllamaError(0, body);
    return fromOllamaResponse(body as OllamaChatResponse, upstreamModel);
  },
  createStreamDecoder: (upstreamModel) => new OllamaStreamDecoder(upstreamModel),
  mapError: (status, body) => mapOllamaError(status, body),
  embeddingsRequest: (config, request, upstreamModel) => ollamaPost(config, '/api/embed', toOllamaEmbeddingsRequest(request, upstreamModel)),
  parseEmbeddingsResponse: (body, upstreamModel) => fromOllamaEmbeddingsResponse(body, upstreamModel),
  listModelsRequest: (config) => ollamaGet(config, '/api/tags'),
  parseModelsResponse: parseModels,
};
