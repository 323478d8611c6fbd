import type { ProviderType } from '@gateway/contracts';
import { anthropicAdapter } from './anthropic/anthropic.adapter';
import { geminiAdapter } from './gemini/gemini.adapter';
import { mockAdapter } from './mock/mock.adapter';
import { ollamaAdapter } from './ollama/ollama.adapter';
import { openAiCompatibleAdapter } from './openai-compatible/openai-compatible.adapter';
import { openAiAdapter } from './openai/openai.adapter';
import type { ProviderAdapter } from './provider-adapter.interface';

/** One adapter per provider type. */
export const ADAPTERS: Readonly<Record<ProviderType, ProviderAdapter>> = {
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
  mock: mockAdapter,
  ollama: ollamaAdapter,
  openai: openAiAdapter,
  'openai-compatible': openAiCompatibleAdapter,
};

export function getAdapter(type: ProviderType): ProviderAdapter {
  const adapter = ADAPTERS[type];
  if (!adapter) throw new Error(`Unknown provider type "${type}"`);
  return adapter;
}
