import type { DiscoveredModel, ProviderType } from '@gateway/contracts';
import type { ProviderError } from './provider-error';
import type { UpstreamTransport } from './upstream-transport';
import type { ChatChunk, ChatRequest, ChatResponse, EmbeddingsRequest, EmbeddingsResponse } from './unified.types';

/** What an adapter needs to know about a configured provider (the API key already decrypted). */
export interface ProviderConfig {
  id: string;
  name: string;
  type: ProviderType;
  baseUrl: string | null;
  apiKey: string | null;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** The API shapes callers speak; a provider may speak some of them natively. */
export type WireFormat = 'openai-chat' | 'anthropic-messages' | 'openai-responses';

/** One HTTP call to make upstream; the proxy performs it (adapters do no I/O). */
export interface UpstreamRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Caller fields this target cannot honour (sent back in `x-gateway-ignored-params`), set by translations. */
  ignored?: string[];
}

/** One framed unit of an upstream stream: an SSE event, or one line of NDJSON (then `event` is absent). */
export interface StreamEvent {
  event?: string;
  data: string;
}

/** Turns one upstream stream into unified chunks. Stateful: create one per request. */
export interface StreamDecoder {
  /** Decode one upstream event. Throws a ProviderError when the event reports an error. */
  push(event: StreamEvent): ChatChunk[];
  /** The upstream stream ended: any chunks still held back. */
  end(): ChatChunk[];
  /** Whether the upstream sent its own terminator (`[DONE]`, `message_stop`, `done: true`…). */
  readonly finished: boolean;
}

/** One provider type. All members are pure: no I/O, no logging, no clock except ids and `created`. */
export interface ProviderAdapter {
  readonly type: ProviderType;
  /** How the upstream frames a stream. */
  readonly streamFraming: 'sse' | 'ndjson';
  /** Caller formats this provider speaks as they are: the caller's JSON goes upstream with only `model` replaced. */
  readonly nativeFormats: readonly WireFormat[];
  /** Carries this provider's calls itself (the in-process mock); otherwise HTTP. */
  readonly transport?: UpstreamTransport;

  /**
   * The upstream call for a native request: `body` is the caller's JSON text with the model
   * already replaced; `headers` the caller's headers the provider understands (`anthropic-beta`,
   * `anthropic-version`, `openai-beta`), added to the provider's own and its auth.
   */
  nativeRequest?(config: ProviderConfig, format: WireFormat, body: string, headers: Record<string, string>): UpstreamRequest;
  /** Anthropic's `POST /v1/messages/count_tokens`, for providers that have it (same arguments as nativeRequest). */
  countTokensRequest?(config: ProviderConfig, body: string, headers: Record<string, string>): UpstreamRequest;

  /** The upstream call for a chat request (model replaced by `upstreamModel`; streams ask for usage). */
  chatRequest(config: ProviderConfig, request: ChatRequest, upstreamModel: string): UpstreamRequest;
  /** Map a successful non-stream upstream body into our response. */
  parseChatResponse(body: unknown, upstreamModel: string): ChatResponse;
  /** A decoder for one streamed answer. */
  createStreamDecoder(upstreamModel: string): StreamDecoder;
  /** Map a failed upstream answer (status and raw body) into a ProviderError. */
  mapError(status: number, body: string): ProviderError;

  /** Embeddings, for providers that have them. */
  embeddingsRequest?(config: ProviderConfig, request: EmbeddingsRequest, upstreamModel: string): UpstreamRequest;
  /** `request` lets providers that report no usage (Gemini) count the input tokens. */
  parseEmbeddingsResponse?(body: unknown, upstreamModel: string, request?: EmbeddingsRequest): EmbeddingsResponse;

  /** Model discovery. */
  listModelsRequest(config: ProviderConfig): UpstreamRequest;
  parseModelsResponse(body: unknown): DiscoveredModel[];
}
