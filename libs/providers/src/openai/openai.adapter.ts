import type { ProviderType } from '@gateway/contracts';
import type { ProviderAdapter, WireFormat } from '../provider-adapter.interface';
import { OpenAiStreamDecoder } from './chat-stream.decoder';
import { fromOpenAiChatResponse, fromOpenAiEmbeddingsResponse, fromOpenAiModels, toOpenAiChatBody, toOpenAiEmbeddingsBody } from './chat.transform';
import { OPENAI_DEFAULT_BASE_URL, OpenAiApi } from './openai.api';
import { mapOpenAiError } from './openai-errors';

export interface OpenAiAdapterOptions {
  type: ProviderType;
  /** Formats served natively (the Responses API is OpenAI's own; compatible servers have chat). */
  nativeFormats: readonly WireFormat[];
  defaultBaseUrl?: string;
  renameMaxTokens: boolean;
}

/** An adapter for any server speaking OpenAI's chat-completions API. */
export function createOpenAiAdapter(options: OpenAiAdapterOptions): ProviderAdapter {
  const api = new OpenAiApi(options.defaultBaseUrl);
  return {
    type: options.type,
    streamFraming: 'sse',
    nativeFormats: options.nativeFormats,
    nativeRequest: (config, format, body, headers) => api.postRaw(config, format === 'openai-responses' ? '/responses' : '/chat/completions', body, headers),
    chatRequest: (config, request, upstreamModel) => {
      const { body, ignored } = toOpenAiChatBody(request, upstreamModel, options);
      return { ...api.post(config, '/chat/completions', body), ignored };
    },
    parseChatResponse: (body) => fromOpenAiChatResponse(body),
    createStreamDecoder: () => new OpenAiStreamDecoder(),
    mapError: (status, body) => mapOpenAiError(status, body),
    embeddingsRequest: (config, request, upstreamModel) => api.post(config, '/embeddings', toOpenAiEmbeddingsBody(request, upstreamModel)),
    parseEmbeddingsResponse: (body) => fromOpenAiEmbeddingsResponse(body),
    listModelsRequest: (config) => api.get(config, '/models'),
    parseModelsResponse: (body) => fromOpenAiModels(body),
  };
}

export const openAiAdapter = createOpenAiAdapter({ type: 'openai', nativeFormats: ['openai-chat', 'openai-responses'], defaultBaseUrl: OPENAI_DEFAULT_BASE_URL, renameMaxTokens: true });
