import type { TokenUsage } from '@gateway/billing';
import { countCompletionTokens, ProviderError, type Usage } from '@gateway/providers';
import { GatewayError } from './client-format';
import type { AttemptPlan, CallerRequest, EndpointCodec } from './codecs/codec';

/** The exchange's small pure helpers: planning an attempt, estimating, reading usage. */

/**
 * The codec's plan for a target. What cannot be planned is the caller's input (a request that
 * does not translate, a body too deep to serialise): a 400, never a provider failure.
 */
export function planFor<R extends CallerRequest>(codec: EndpointCodec<R>, call: R, target: Parameters<EndpointCodec<R>['plan']>[1]): AttemptPlan | null {
  try {
    return codec.plan(call, target);
  } catch (e) {
    if (e instanceof GatewayError) throw e;
    const reason = e instanceof ProviderError ? e.message : 'it could not be translated for the provider';
    throw new GatewayError(400, `Invalid request: ${reason}`, 'invalid_request');
  }
}

/** The hold's token estimate; a body the gateway cannot even measure is the caller's 400, not a 500. */
export function estimate(call: CallerRequest): number {
  try {
    return call.estimatePromptTokens();
  } catch {
    throw new GatewayError(400, 'Invalid request: its messages could not be read', 'invalid_request');
  }
}

/** Milliseconds to two decimals (toFixed costs ~1 µs a call). */
export const hundredths = (ms: number) => String(Math.round(ms * 100) / 100);

/** The provider's usage (OpenAI's shape, normalised per provider type by its adapter) by token kind. */
export function tokensOf(usage: Usage): TokenUsage {
  const prompt = usage.prompt_tokens_details;
  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
    cacheReadTokens: prompt?.cached_tokens ?? 0,
    cacheWriteTokens: prompt?.cache_creation_tokens ?? 0,
    cacheWrite1hTokens: prompt?.cache_creation_1h_tokens ?? 0,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}

/** Usage the upstream did not report, counted with the tokenizer. */
export function counted(call: CallerRequest, completionText: string): Usage {
  const prompt = call.countPromptTokens();
  const completion = countCompletionTokens(completionText);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}
