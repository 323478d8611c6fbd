import type { ChatChunk, FinishReason, Usage } from '../unified.types';
import { newId, nowSeconds } from './ids';

type Delta = ChatChunk['choices'][number]['delta'];

export function usageOf(promptTokens: number, completionTokens: number): Usage {
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
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
