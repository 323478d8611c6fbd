export { ADAPTERS, getAdapter } from './adapters';
export type * from './unified.types';
export type { ProviderAdapter, ProviderConfig, StreamDecoder, StreamEvent, UpstreamRequest, WireFormat } from './provider-adapter.interface';
export * from './upstream-transport';
export { ProviderError, type ProviderErrorKind } from './provider-error';

export { anthropicErrorBody, anthropicErrorType } from './anthropic/anthropic-errors';
export { AnthropicStreamEncoder } from './anthropic/anthropic-stream.encoder';
export type { AnthropicRequest, AnthropicResponse } from './anthropic/anthropic.types';
export { anthropicRequestToUnified, unifiedResponseToAnthropic } from './anthropic/inbound.transform';
export { encodeOpenAiChunk, encodeOpenAiStreamError, OPENAI_STREAM_DONE } from './openai/openai.encoder';
export { openAiErrorBody, openAiErrorType } from './openai/openai-errors';
export { countCompletionTokens, countPromptTokens, countTextTokens, estimatePromptTokens, estimateTextTokens } from './token-counter';

// Nest side (lead): entities, CRUD, the runtime registry and upstream HTTP.
export * from './entities/provider.entity';
export * from './entities/provider-health-check.entity';
export * from './provider-references';
export * from './provider-registry';
export * from './providers.module';
export * from './providers.service';
export { isLinkLocalAddress, isMetadataHost } from './network-guard';
export * from './secret-box';
export * from './upstream-http.service';

export { responsesRequestToUnified, statefulReason } from './responses/request.transform';
export { unifiedResponseToResponses, usageFromResponses } from './responses/response.transform';
export { ResponsesStreamEncoder } from './responses/stream.encoder';
export type { ResponseContext, ResponseObject, ResponsesUsage } from './responses/responses.types';
export * from './provider-secrets';
