import type { ProviderAdapter } from '../provider-adapter.interface';
import { createOpenAiAdapter } from '../openai/openai.adapter';

/**
 * vLLM, Groq, OpenRouter, LM Studio, llama.cpp and the like. They have no default
 * base URL and keep `max_tokens`, which older servers know and newer ones still accept.
 */
export function createOpenAiCompatibleAdapter(): ProviderAdapter {
  return createOpenAiAdapter({ type: 'openai-compatible', nativeFormats: ['openai-chat'], renameMaxTokens: false });
}

export const openAiCompatibleAdapter = createOpenAiCompatibleAdapter();
