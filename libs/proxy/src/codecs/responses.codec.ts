import { Injectable } from '@nestjs/common';
import { countPromptTokens, estimatePromptTokens, responsesRequestToUnified, statefulReason, type ChatRequest } from '@gateway/providers';
import { GatewayError } from '../client-format';
import { bad, checkSampling, isObject } from '../request-validation';
import type { AttemptPlan, AttemptTarget, CallerRequest, EndpointCodec } from './codec';
import { NativeResponsesStream } from './native-streams';
import { bodyWithModel, nativePlan } from './native';
import { translatedPlan } from './translated';
import { responsesRenderer } from './unified-renderers';

export interface ResponsesCall extends CallerRequest {
  body: Record<string, unknown>;
  text: string;
}

/**
 * `POST /v1/responses` (OpenAI Responses API, stateless): native for providers that have it,
 * else translated onto the target's chat API and streamed back in the Responses event schema.
 */
@Injectable()
export class ResponsesCodec implements EndpointCodec<ResponsesCall> {
  readonly endpoint = '/v1/responses';
  readonly format = 'openai' as const;

  parse(body: unknown, text: string): ResponsesCall {
    if (!isObject(body)) bad('The request body must be a JSON object');
    if (typeof body.model !== 'string' || !body.model) bad('model: a model name is required');
    if (typeof body.input !== 'string' && !Array.isArray(body.input)) bad('input: a string or an array of input items is required');
    checkSampling(body, ['max_output_tokens']);
    let unified: ChatRequest | null | undefined;
    // Sizing the hold only: a request that does not translate is estimated from its length.
    const request = () => {
      if (unified === undefined) {
        try {
          unified = responsesRequestToUnified(body).request;
        } catch {
          unified = null;
        }
      }
      return unified;
    };
    return {
      model: body.model as string,
      stream: body.stream === true,
      maxTokens: typeof body.max_output_tokens === 'number' ? body.max_output_tokens : null,
      ignored: [],
      estimatePromptTokens: () => {
        const r = request();
        return r ? estimatePromptTokens(r) : Math.ceil(text.length / 3);
      },
      countPromptTokens: () => {
        const r = request();
        return r ? countPromptTokens(r) : Math.ceil(text.length / 4);
      },
      body,
      text,
    };
  }

  plan(call: ResponsesCall, target: AttemptTarget): AttemptPlan {
    const { adapter } = target.provider;
    if (adapter.nativeFormats.includes('openai-responses')) {
      return nativePlan('openai-responses', bodyWithModel(call.text, call.body, target.upstreamModel), target, call.model, () => new NativeResponsesStream(call.model));
    }
    const stateful = statefulReason(call.body);
    if (stateful) throw new GatewayError(400, `${stateful}: the provider serving "${call.model}" keeps no state; send the whole conversation as input with store: false`, 'stateful_unsupported');
    const { request, ignored } = responsesRequestToUnified(call.body);
    return translatedPlan(request, target, responsesRenderer(call.model, call.body), ignored);
  }
}
