import { config, openAiRequest, readJson, SHARED } from '../__fixtures__/fixtures';
import type { ChatRequest } from '../unified.types';
import { anthropicAdapter } from './anthropic.adapter';
import type { AnthropicRequest } from './anthropic.types';
import { anthropicRequestToUnified } from './inbound.transform';

const ignoredBy = (request: ChatRequest) => anthropicAdapter.chatRequest(config({ type: 'anthropic' }), request, 'c').ignored;

describe('Anthropic ignored parameters', () => {
  it('reports every field Anthropic cannot honour, known or not, and never model, messages or stream settings', () => {
    const request: ChatRequest = {
      ...openAiRequest(),
      stream: true,
      stream_options: { include_usage: true },
      frequency_penalty: 0.5,
      presence_penalty: 0.1,
      logit_bias: { '50256': -100 },
      logprobs: true,
      top_logprobs: 2,
      n: 2,
      seed: 7,
      service_tier: 'flex',
      modalities: ['text'],
      audio: { voice: 'alloy', format: 'mp3' },
      prediction: { type: 'content', content: 'x' },
      web_search_options: {},
      store: true,
      metadata: { run: '1' },
      verbosity: 'low',
    };
    expect(ignoredBy(request)?.sort()).toEqual(
      [
        'audio',
        'frequency_penalty',
        'logit_bias',
        'logprobs',
        'metadata',
        'modalities',
        'n',
        'prediction',
        'presence_penalty',
        'seed',
        'service_tier',
        'store',
        'top_logprobs',
        'verbosity',
        'web_search_options',
      ].sort(),
    );
  });

  it('leaves out values that ask for nothing beyond the default, and reports an unknown reasoning level', () => {
    expect(ignoredBy({ ...openAiRequest(), n: 1, logprobs: false, store: false, parallel_tool_calls: true, seed: null })).toEqual([]);
    expect(ignoredBy({ ...openAiRequest(), reasoning_effort: 'max' as never })).toEqual(['reasoning_effort']);
  });

  it('reports the Anthropic fields an Anthropic caller set that the unified request cannot carry', () => {
    expect(anthropicRequestToUnified(readJson<AnthropicRequest>(SHARED, 'anthropic-request.json')).ignored.sort()).toEqual(['cache_control', 'tools']);
    const thinking = anthropicRequestToUnified(readJson<AnthropicRequest>(SHARED, 'anthropic-request-thinking.json'));
    expect(thinking.ignored.sort()).toEqual(['mcp_servers', 'metadata', 'service_tier']);
    const odd = { model: 'm', max_tokens: 10, messages: [], thinking: { type: 'sometimes' }, container: 'c_1', context_management: {} } as unknown as AnthropicRequest;
    expect(anthropicRequestToUnified(odd).ignored.sort()).toEqual(['container', 'context_management', 'thinking']);
  });
});
