import { readJson } from '../__fixtures__/fixtures';
import type { ChatResponse, Usage } from '../unified.types';
import { decodeThinkingBlocks } from './reasoning.codec';
import { unifiedResponseToResponses, usageFromResponses } from './response.transform';

type Choice = ChatResponse['choices'][number];

const usage: Usage = {
  prompt_tokens: 120,
  completion_tokens: 46,
  total_tokens: 166,
  prompt_tokens_details: { cached_tokens: 100 },
  completion_tokens_details: { reasoning_tokens: 30 },
};

function answer(message: Choice['message'], finishReason: Choice['finish_reason'] = 'stop'): ChatResponse {
  const choices = [{ index: 0, message, finish_reason: finishReason }];
  return { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'upstream-model', choices, usage };
}

describe('unifiedResponseToResponses', () => {
  const tools = [{ type: 'function', name: 'get_weather' }];
  const request = { model: 'gpt-public', input: 'Weather?', instructions: 'Be brief.', temperature: 0.2, tools };

  it('builds reasoning, message and function_call items, usage and the echoed request', () => {
    const response = unifiedResponseToResponses(
      answer(
        {
          role: 'assistant',
          content: 'Checking.',
          reasoning_content: 'Need the tool.',
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } }],
        },
        'tool_calls',
      ),
      { model: 'gpt-public', request, id: 'resp_test', createdAt: 1700000000 },
    );
    expect(response).toMatchObject({
      id: 'resp_test',
      object: 'response',
      created_at: 1700000000,
      status: 'completed',
      model: 'gpt-public',
      error: null,
      incomplete_details: null,
      instructions: 'Be brief.',
      temperature: 0.2,
      top_p: 1,
      tools: request.tools,
      tool_choice: 'auto',
      store: false,
      previous_response_id: null,
      text: { format: { type: 'text' } },
      usage: {
        input_tokens: 120,
        input_tokens_details: { cached_tokens: 100 },
        output_tokens: 46,
        output_tokens_details: { reasoning_tokens: 30 },
        total_tokens: 166,
      },
    });
    expect(response.output).toEqual([
      { id: expect.stringMatching(/^rs_/), type: 'reasoning', summary: [{ type: 'summary_text', text: 'Need the tool.' }] },
      {
        id: expect.stringMatching(/^msg_/),
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'Checking.', annotations: [], logprobs: [] }],
      },
      {
        id: expect.stringMatching(/^fc_/),
        type: 'function_call',
        status: 'completed',
        arguments: '{"city":"Rome"}',
        call_id: 'call_1',
        name: 'get_weather',
      },
    ]);
    expect(JSON.stringify(response)).not.toContain('upstream-model');
  });

  it('carries every field a recorded OpenAI response has', () => {
    const recorded = readJson<Record<string, unknown>>(__dirname, 'response-native.json');
    const ours = unifiedResponseToResponses(answer({ role: 'assistant', content: 'Hi' }), { model: 'gpt-public', request: {} });
    expect(Object.keys(ours).sort()).toEqual(Object.keys(recorded).sort());
  });

  it('marks a cut-off answer incomplete', () => {
    const cut = answer({ role: 'assistant', content: 'Rome is' }, 'length');
    const response = unifiedResponseToResponses(cut, { model: 'gpt-public', request: { max_output_tokens: 3 } });
    expect(response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, max_output_tokens: 3 });
    expect(response.completed_at).toBeNull();
    expect(response.output[0]).toMatchObject({ type: 'message', status: 'incomplete' });
  });

  it('puts thinking blocks in encrypted_content only when the caller includes it', () => {
    const blocks = [{ type: 'thinking' as const, thinking: 'Hmm.', signature: 'sig' }];
    const message = { role: 'assistant' as const, content: 'Done.', thinking_blocks: blocks };
    const plain = unifiedResponseToResponses(answer(message), { model: 'm', request: {} });
    expect(plain.output[0]).toEqual({ id: expect.any(String), type: 'reasoning', summary: [{ type: 'summary_text', text: 'Hmm.' }] });
    const included = unifiedResponseToResponses(answer(message), { model: 'm', request: { include: ['reasoning.encrypted_content'] } });
    expect(decodeThinkingBlocks(String((included.output[0] as { encrypted_content?: string }).encrypted_content))).toEqual(blocks);
  });

  it('gives an empty answer its empty message, and a call without arguments {}', () => {
    const empty = unifiedResponseToResponses(answer({ role: 'assistant', content: null }), { model: 'm', request: {} });
    expect(empty.output).toMatchObject([{ type: 'message', content: [{ type: 'output_text', text: '' }] }]);
    const now = { id: 'c', type: 'function' as const, function: { name: 'now', arguments: '' } };
    const bare = unifiedResponseToResponses(answer({ role: 'assistant', content: null, tool_calls: [now] }), { model: 'm', request: {} });
    expect(bare.output).toMatchObject([{ type: 'function_call', arguments: '{}' }]);
  });

  it('answers null usage when none is known', () => {
    const unknown = { ...answer({ role: 'assistant', content: 'x' }), usage: undefined };
    const response = unifiedResponseToResponses(unknown, { model: 'm', request: {} });
    expect(response.usage).toBeNull();
  });
});

describe('usageFromResponses', () => {
  it('reads a recorded usage block', () => {
    expect(usageFromResponses(readJson<{ usage: unknown }>(__dirname, 'response-native.json').usage)).toEqual({
      prompt_tokens: 1290,
      completion_tokens: 146,
      total_tokens: 1436,
      prompt_tokens_details: { cached_tokens: 1024 },
      completion_tokens_details: { reasoning_tokens: 128 },
    });
  });

  it('fills the total and skips missing details', () => {
    expect(usageFromResponses({ input_tokens: 3, output_tokens: 4 })).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
  });

  it('gives undefined for anything else', () => {
    expect(usageFromResponses(null)).toBeUndefined();
    expect(usageFromResponses({ prompt_tokens: 3 })).toBeUndefined();
  });
});
