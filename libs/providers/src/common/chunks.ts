import type { ChatChunk, FinishReason, Usage } from '../unified.types';
import { newId, nowSeconds } from './ids';

type Delta = ChatChunk['choices'][number]['delta'];

/** Detail counts as a provider reports them; an absent count leaves its detail out. */
export interface UsageDetails {
  cachedTokens?: number | null;
  cacheCreationTokens?: number | null;
  cacheCreation1hTokens?: number | null;
  reasoningTokens?: number | null;
}

export function usageOf(promptTokens: number, completionTokens: number, details: UsageDetails = {}): Usage {
  const usage: Usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
  const prompt: NonNullable<Usage['prompt_tokens_details']> = {};
  if (details.cachedTokens != null) prompt.cached_tokens = details.cachedTokens;
  if (details.cacheCreationTokens != null) prompt.cache_creation_tokens = details.cacheCreationTokens;
  if (details.cacheCreation1hTokens) prompt.cache_creation_1h_tokens = details.cacheCreation1hTokens;
  if (Object.keys(prompt).length) usage.prompt_tokens_details = prompt;
  if (details.reasoningTokens != null) usage.completion_tokens_details = { reasoning_tokens: details.reasoningTokens };
  return usage;
}

/** Makes the chunks of one streamed answer, all sharing an id, model and `created`. */
export class ChunkFactory {
  id = newId('chatcmpl-');
  readonly created = nowSeconds();

  constructor(readonly model: string) {}

  delta(delta: Delta, finishReason: FinishReason = null): ChatChunk {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [{ index: 0, delta, finish_reason: finishReason }] };
  }

  /** OpenAI's include_usage shape: no choices, only usage. */
  usage(usage: Usage): ChatChunk {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [], usage };
  }
}
