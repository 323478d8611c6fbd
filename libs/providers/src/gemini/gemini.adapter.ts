import type { DiscoveredModel } from '@gateway/contracts';
import { isObject } from '../common/json';
import type { ProviderAdapter } from '../provider-adapter.interface';
import { ProviderError } from '../provider-error';
import { GeminiStreamDecoder } from './chat-stream.decoder';
import { fromGeminiResponse, toGeminiRequest } from './chat.transform';
import { fromGeminiEmbeddingsResponse, toGeminiEmbeddingsRequest } from './embeddings.transform';
import { bareModel, geminiModelPost, geminiModelsGet } from './gemini.api';
import { mapGeminiError } from './gemini-errors';
import type { GeminiResponse } from './gemini.types';

function parseModels(body: unknown): DiscoveredModel[] {
  const models = isObject(body) && Array.isArray(body.models) ? body.models : [];
  return models.filter((model) => isObject(model) && typeof model.name === 'string').map((model) => ({ id: bareModel(String(model.name)), ownedBy: 'google' }));
}

export const geminiAdapter: ProviderAdapter = {
  type: 'gemini',
  streamFraming: 'sse',
  nativeFormats: [],
  chatRequest: (config, request, upstreamModel) => {
    const { body, ignored } = toGeminiRequest(request);
    return { ...geminiModelPost(config, upstreamModel, request.stream ? 'streamGenerateContent?alt=sse' : 'generateContent', body), ignored };
  },
  parseChatResponse: (body, upstreamModel) => {
    if (!isObject(body)) throw new ProviderError('server', 'Upstream answered with a body that is not a Gemini response');
    return fromGeminiResponse(body as GeminiResponse, upstreamModel);
  },
  createStreamDecoder: (upstreamModel) => new GeminiStreamDecoder(upstreamModel),
  mapError: (status, body) => mapGeminiError(status, body),
  embeddingsRequest: (config, request, upstreamModel) => geminiModelPost(config, upstreamModel, 'batchEmbedContents', toGeminiEmbeddingsRequest(request, upstreamModel)),
  parseEmbeddingsResponse: (body, upstreamModel, request) => fromGeminiEmbeddingsResponse(body, upstreamModel, request),
  listModelsRequest: (config) => geminiModelsGet(config),
  parseModelsResponse: parseModels,
};
