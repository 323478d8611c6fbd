import { parseDataUrl, toDataUrl } from '../common/content';
import { usageOf } from '../common/chunks';
import type { FinishReason, Usage } from '../unified.types';
import type { AnthropicImageBlock, AnthropicStopReason, AnthropicUsage } from './anthropic.types';

export function finishReasonFromAnthropic(reason: AnthropicStopReason | undefined): FinishReason {
  switch (reason) {
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    case null:
    case undefined:
      return null;
    default:
      return 'stop';
  }
}

export function stopReasonToAnthropic(reason: FinishReason): Exclude<AnthropicStopReason, null> {
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

/** Cache reads and writes are prompt tokens too: billing counts every input token. */
export function promptTokensOf(usage: Partial<AnthropicUsage> | undefined): number {
  return (usage?.input_tokens ?? 0) + (usage?.cache_read_input_tokens ?? 0) + (usage?.cache_creation_input_tokens ?? 0);
}

export function usageFromAnthropic(usage: Partial<AnthropicUsage> | undefined): Usage {
  const read = usage?.cache_read_input_tokens;
  const creation = usage?.cache_creation_input_tokens;
  const cacheReported = typeof read === 'number' || typeof creation === 'number';
  const oneHour = usage?.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  const details = cacheReported ? { cachedTokens: read ?? 0, cacheCreationTokens: creation ?? 0, cacheCreation1hTokens: oneHour } : {};
  return usageOf(promptTokensOf(usage), usage?.output_tokens ?? 0, details);
}

/** The inverse, for our Anthropic-format callers: Anthropic's `input_tokens` leaves cache reads and writes out. */
export function usageToAnthropic(usage: Usage | null | undefined): AnthropicUsage {
  const details = usage?.prompt_tokens_details;
  const read = details?.cached_tokens ?? 0;
  const creation = details?.cache_creation_tokens ?? 0;
  const input = Math.max(0, (usage?.prompt_tokens ?? 0) - read - creation);
  const out: AnthropicUsage = { input_tokens: input, output_tokens: usage?.completion_tokens ?? 0 };
  if (details) Object.assign(out, { cache_creation_input_tokens: creation, cache_read_input_tokens: read });
  return out;
}

export function imageBlockFromUrl(url: string): AnthropicImageBlock {
  const data = parseDataUrl(url);
  return data ? { type: 'image', source: { type: 'base64', media_type: data.mediaType, data: data.data } } : { type: 'image', source: { type: 'url', url } };
}

export function imageUrlFromBlock(block: AnthropicImageBlock): string {
  return block.source.type === 'base64' ? toDataUrl(block.source.media_type, block.source.data) : block.source.url;
}
