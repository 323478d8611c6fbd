import { Injectable } from '@nestjs/common';
import { countPromptTokens, estimatePromptTokens, type ChatRequest } from '@gateway/providers';
import { prependMember } from '../json-text';
import { bad, checkOpenAiMessages, checkSampling, checkTools, isObject } from '../request-validation';
import type { AttemptPlan, AttemptTarget, CallerRequest, EndpointCodec } from './codec';
import { NativeOpenAiChatStream } from './native-streams';
import { bodyWithModel, nativePlan } from './native';
import { translatedPlan } from './translated';
import { openAiRenderer } from './unified-renderers';

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);

export interface ChatCall extends CallerRequest {
  body: ChatRequest;
  text: string;
  includeUsage: boolean;
}

/** `POST /v1/chat/completions` (OpenAI format). */
@Injectable()
export class ChatCompletionsCodec implements EndpointCodec<ChatCall> {
  readonly endpoint = '/v1/chat/completions';
  readonly format = 'openai' as const;

  parse(body: unknown, text: string): ChatCall {
    if (!isObject(body)) bad('The request body must be a JSON object');
    if (typeof body.model !== 'string' || !body.model) bad('model: a model name is required');
    if (!Array.isArray(body.messages) || body.messages.length === 0) bad('messages: a non-empty array is required');
    body.messages.forEach((m, i) => {
      if (!isObject(m) || typeof m.role !== 'string' || !ROLES.has(m.role)) bad(`messages[${i}].role: must be one of system, developer, user, assistant, tool`);
    });
    checkOpenAiMessages(body.messages);
    checkSampling(body, ['max_tokens', 'max_completion_tokens']);
    checkTools(body.tools, 'openai');
    const request = body as ChatRequest;
    const maxTokens = request.max_completion_tokens ?? request.max_tokens ?? null;
    return {
      model: request.model,
      stream: request.stream === true,
      maxTokens,
      ignored: [],
      estimatePromptTokens: () => estimatePromptTokens(request),
      countPromptTokens: () => countPromptTokens(request),
      body: request,
      text,
      includeUsage: isObject(request.stream_options) && request.stream_options.include_usage === true,
    };
  }

  plan(call: ChatCall, target: AttemptTarget): AttemptPlan {
    const { adapter } = target.provider;
    const upstreamModel = target.upstreamModel;
    if (!adapter.nativeFormats.includes('openai-chat')) return translatedPlan(call.body, target, openAiRenderer(call.model, call.includeUsage), []);
    let upstream = bodyWithModel(call.text, call.body, upstreamModel);
    // Streams always ask for usage (what is charged); the extra chunk is dropped again unless the caller asked.
    if (call.stream && !call.includeUsage) {
      const options = call.body.stream_options;
      upstream = options === undefined ? prependMember(upstream, 'stream_options', '{"include_usage":true}') : JSON.stringify({ ...call.body, model: upstreamModel, stream_options: { ...options, include_usage: true } });
    }
    const decoder = () => adapter.createStreamDecoder(upstreamModel);
    return nativePlan('openai-chat', upstream, target, call.model, () => new NativeOpenAiChatStream(call.model, call.includeUsage, decoder(), decoder));
  }
}
