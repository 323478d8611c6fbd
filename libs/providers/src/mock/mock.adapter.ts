import { createOpenAiAdapter } from '../openai/openai.adapter';
import type { ProviderAdapter } from '../provider-adapter.interface';
import { MockTransport } from './mock.transport';

/** Requests never leave the process (the transport answers them): the host only has to parse. */
export const MOCK_BASE_URL = 'http://mock.invalid/v1';

/** Type `mock`: an OpenAI-compatible adapter whose calls go to a fake server in process. */
export const mockAdapter: ProviderAdapter = {
  ...createOpenAiAdapter({ type: 'mock', nativeFormats: ['openai-chat'], defaultBaseUrl: MOCK_BASE_URL, renameMaxTokens: false }),
  transport: new MockTransport(),
};
