import { Injectable } from '@nestjs/common';
import { anthropicRequestToUnified, countPromptTokens, estimatePromptTokens, type AnthropicRequest, type ChatRequest } from '@gateway/providers';
import { bad, checkAnthropicContent, checkSampling, checkTools, isObject } from '../request-validation';
import type { AttemptPlan, AttemptTarget, CallerRequest, EndpointCodec } from './codec';
import { NativeAnthropicStream } from './native-streams';
import { bodyWithModel, nativePlan } from './native';
import { translatedPlan } from './translated';
import { anthropicRenderer } from './unified-renderers';

export interface MessagesCall extends CallerRequest {
  body: Record<string, unknown>;
  text: string;
  /** The request in unified form (translated once, on first use). */
  unified(): { request: ChatRequest; ignored: string[] };
}

/** Anthropic request body checks shared by `/v1/messages` and `/v1/messages/count_tokens`. */
export function parseAnthropicBody(body: unknown, text: string, limits: string[]): MessagesCall {
  if (!isObject(body)) bad('The request body must be a JSON object');
  if (typeof body.model !== 'string' || !body.model) bad('model: a model name is required');
  if (!Array.isArray(body.messages) || body.messages.length === 0) bad('messages: a non-empty array is required');
  body.messages.forEach((m, i) => {
    if (!isObject(m) || (m.role !== 'user' && m.role !== 'assistant' && m.role !== 'system')) bad(`messages.${i}.role: must be "user", "assistant" or "system"`);
    checkAnthropicContent(m.content, `messages.${i}.content`);
  });
  if (body.system !== undefined && typeof body.system !== 'string') {
    if (!Array.isArray(body.system) || !body.system.every((b) => isObject(b) && typeof b.text === 'string')) bad('system: must be a string or an array of text blocks');
  }
  checkSampling(body, limits);
  checkTools(body.tools, 'anthropic');
  let unified: { request: ChatRequest; ignored: string[] } | undefined;
  const toUnified = () => {
    try {
      return (unified ??= anthropicRequestToUnified(body as unknown as AnthropicRequest));
    } catch (e) {
      return bad(`Invalid request: ${(e as Error).message}`);
    }
  };
  return {
    model: body.model as string,
    stream: body.stream === true,
    maxTokens: typeof body.max_tokens === 'number' ? body.max_tokens : null,
    ignored: [],
    estimatePromptTokens: () => estimatePromptTokens(toUnified().request),
    countPromptTokens: () => countPromptTokens(toUnified().request),
    body,
    text,
    unified: toUnified,
  };
}

/** `POST /v1/messages` (Anthropic format). */
@Injectable()
export class MessagesCodec implements EndpointCodec<MessagesCall> {
  readonly endpoint = '/v1/messages';
  readonly format = 'anthropic' as const;

  parse(body: unknown, text: string): MessagesCall {
    return parseAnthropicBody(body, text, ['max_tokens']);
  }

  plan(call: MessagesCall, target: AttemptTarget): AttemptPlan {
    const { adapter } = target.provider;
    if (adapter.nativeFormats.includes('anthropic-messages')) {
      const decoder = adapter.createStreamDecoder(target.upstreamModel);
      return nativePlan('anthropic-messages', bodyWithModel(call.text, call.body, target.upstreamModel), target, call.model, () => new NativeAnthropicStream(call.model, decoder));
    }
    const { request, ignored } = call.unified();
    return translatedPlan(request, target, anthropicRenderer(call.model), ignored);
  }
}
