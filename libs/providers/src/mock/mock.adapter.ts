import { kindForStatus, providerError } from '../common/errors';
import { OpenAiStreamDecoder } from '../openai/chat-stream.decoder';
import { fromOpenAiChatResponse } from '../openai/chat.transform';
import type { ProviderAdapter } from '../provider-adapter.interface';
import { ProviderError } from '../provider-error';
import { MOCK_MODELS } from './mock-reply';
import { MockProvider } from './mock.provider';

function inProcessOnly(): never {
  throw new ProviderError('server', 'The mock provider answers in process: use adapter.inProcess, not HTTP');
}

/** Type `mock`: everything goes through `inProcess`; the HTTP members exist only to satisfy the interface. */
export const mockAdapter: ProviderAdapter = {
  type: 'mock',
  streamFraming: 'sse',
  nativeFormats: [],
  inProcess: new MockProvider(),
  chatRequest: inProcessOnly,
  parseChatResponse: (body) => fromOpenAiChatResponse(body),
  createStreamDecoder: () => new OpenAiStreamDecoder(),
  mapError: (status, body) => providerError(kindForStatus(status), undefined, status, body),
  listModelsRequest: inProcessOnly,
  parseModelsResponse: () => MOCK_MODELS.map((model) => ({ ...model, ownedBy: 'mock' })),
};
