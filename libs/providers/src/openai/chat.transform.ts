import type { DiscoveredModel } from '@gateway/contracts';
import { documentTextOf, isHttpUrl, textOf } from '../common/content';
import type { Translation } from '../common/ignored';
import { isObject } from '../common/json';
import { effortForBudget } from '../common/reasoning';
import { ProviderError } from '../provider-error';
import type { ChatMessage, ChatRequest, ChatResponse, ContentPart, EmbeddingsRequest, EmbeddingsResponse } from '../unified.types';
import { normaliseOpenAiBody } from './openai.mapping';

export interface OpenAiBodyOptions {
  /** OpenAI deprecated `max_tokens` (reasoning models reject it); other servers mostly know only `max_tokens`. */
  renameMaxTokens: boolean;
}

/** A part chat can take: PDFs inline (unified parts may hold an https URL), plain-text documents as text. */
function toOpenAiPart(part: ContentPart, ignored: Set<string>): ContentPart[] {
  if (part.type !== 'file') return [part];
  const text = documentTextOf(part);
  if (text !== undefined) return [{ type: 'text', text }];
  if (!isHttpUrl(part.file?.file_data ?? '')) return [part];
  ignored.add('file');
  return [];
}

/** Chat takes no thinking history, and only text as a tool result. */
function toOpenAiMessage(message: ChatMessage, ignored: Set<string>): ChatMessage {
  const { reasoning_content: _reasoning, thinking_blocks: _blocks, ...rest } = message;
  if (!Array.isArray(rest.content)) return rest;
  const parts = rest.content.flatMap((part) => toOpenAiPart(part, ignored));
  if (message.role !== 'tool') return { ...rest, content: parts };
  for (const part of parts) if (part.type !== 'text') ignored.add(part.type);
  return { ...rest, content: textOf(parts) };
}

/**
 * A unified request for an OpenAI-shaped server (translated traffic: same-format calls pass through
 * untouched). Fields pass as they are, except our extensions: `top_k` is reported, a thinking budget
 * becomes a reasoning effort when the request has none. Only the model is replaced; streams ask for usage.
 */
export function toOpenAiChatBody(request: ChatRequest, upstreamModel: string, options: OpenAiBodyOptions): Translation<Record<string, unknown>> {
  const ignored = new Set<string>();
  const { thinking_budget: budget, top_k: topK, ...rest } = request;
  if (topK != null) ignored.add('top_k');
  const messages = request.messages.map((message) => toOpenAiMessage(message, ignored));
  const body: Record<string, unknown> = { ...rest, model: upstreamModel, messages };
  if (typeof budget === 'number' && budget > 0 && request.reasoning_effort == null) body.reasoning_effort = effortForBudget(budget);
  if (request.stream) body.stream_options = { ...request.stream_options, include_usage: true };
  else delete body.stream_options;
  if (options.renameMaxTokens && request.max_tokens != null && request.max_completion_tokens == null) {
    body.max_completion_tokens = request.max_tokens;
    delete body.max_tokens;
  }
  return { body, ignored: [...ignored] };
}

export function fromOpenAiChatResponse(body: unknown): ChatResponse {
  if (!isObject(body) || !Array.isArray(body.choices)) throw new ProviderError('server', 'Upstream answered with a body that is not a chat completion');
  normaliseOpenAiBody(body);
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
