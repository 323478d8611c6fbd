import { isObject } from '../common/json';

/** Servers name the thinking text differently: `reasoning_content` (DeepSeek, vLLM) or `reasoning` (OpenRouter, newer vLLM). */
export function keepReasoning(message: unknown): void {
  if (isObject(message) && message.reasoning_content == null && typeof message.reasoning === 'string') message.reasoning_content = message.reasoning;
}

/** DeepSeek reports cache hits beside the usage instead of in prompt_tokens_details; other details stay as reported. */
export function keepCachedTokens(usage: unknown): void {
  if (!isObject(usage) || typeof usage.prompt_cache_hit_tokens !== 'number') return;
  const details = isObject(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  if (details.cached_tokens == null) usage.prompt_tokens_details = { ...details, cached_tokens: usage.prompt_cache_hit_tokens };
}

/** A chat completion or chunk, its reasoning and cache counts where we read them (in place). */
export function normaliseOpenAiBody(body: Record<string, unknown>): void {
  for (const choice of Array.isArray(body.choices) ? body.choices : []) {
    if (!isObject(choice)) continue;
    keepReasoning(choice.message);
    keepReasoning(choice.delta);
  }
  keepCachedTokens(body.usage);
}
