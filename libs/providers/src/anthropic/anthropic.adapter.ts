import type { DiscoveredModel } from '@gateway/contracts';
import { isObject } from '../common/json';
import type { ProviderAdapter } from '../provider-adapter.interface';
import { ProviderError } from '../provider-error';
import { anthropicGet, anthropicPost, anthropicPostRaw } from './anthropic.api';
import { mapAnthropicError } from './anthropic-errors';
import type { AnthropicResponse } from './anthropic.types';
import { AnthropicStreamDecoder } from './chat-stream.decoder';
import { fromAnthropicResponse, toAnthropicRequest } from './chat.transform';

function parseModels(body: unknown): DiscoveredModel[] {
  const data = isObject(body) && Array.isArray(body.data) ? body.data : [];
  return data.filter((model) => isObject(model) && typeof model.id === 'string').map((model) => ({ id: String(model.id), ownedBy: 'anthropic' }));
}

export const anthropicAdapter: ProviderAdapter = {
  type: 'anthropic',
  streamFraming: 'sse',
  nativeFormats: ['anthropic-messages'],
  nativeRequest: (config, _format, body, headers) => anthropicPostRaw(config, '/v1/messages', body, headers),
  countTokensRequest: (config, body, headers) => anthropicPostRaw(config, '/v1/messages/count_tokens', body, headers),
  chatRequest: (config, request, upstreamModel) => {
    const { body, ignored } = toAnthropicRequest(request, upstreamModel);
    return { ...anthropicPost(config, '/v1/messages', body), ignored };
  },
  parseChatResponse: (body, upstreamModel) => {
    if (!isObject(body) || !Array.isArray(body.content)) throw new ProviderError('server', 'Upstream answered with a body that is not an Anthropic message');
    return fromAnthropicResponse(body as unknown as AnthropicResponse, upstreamModel);
  },
  createStreamDecoder: (upstreamModel) => new AnthropicStreamDecoder(upstreamModel),
  mapError: (status, body) => mapAnthropicError(status, body),
  listModelsRequest: (config) => anthropicGet(config, '/v1/models?limit=1000'),
  parseModelsResponse: parseModels,
};
