import { readJson } from '../__fixtures__/fixtures';
import { ProviderError } from '../provider-error';
import { encodeThinkingBlocks } from './reasoning.codec';
import { responsesRequestToUnified, statefulReason } from './request.transform';

const fixture = (name: string) => readJson<Record<string, unknown>>(__dirname, name);
const translate = (body: Record<string, unknown>) => responsesRequestToUnified({ model: 'm', ...body });
const call = (id: string, args = '{}') => ({ id, type: 'function', function: { name: 'look', arguments: args } });
const userWith = (...content: unknown[]) => ({ model: 'm', input: [{ role: 'user', content }] });

function failure(body: unknown): ProviderError {
  try {
    responsesRequestToUnified(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('invalid_request');
    return error as ProviderError;
  }
  throw new Error('expected a ProviderError');
}

describe('responsesRequestToUnified', () => {
  it('translates a full recorded request: instructions, images, files, tool history, reasoning, json_schema', () => {
    expect(responsesRequestToUnified(fixture('request-full.json'))).toEqual(fixture('request-full.unified.json'));
  });

  it('turns a string input into one user message and leaves unset parameters out', () => {
    expect(translate({ input: 'Hi', store: false, truncation: null })).toEqual({
      request: { model: 'm', messages: [{ role: 'user', content: 'Hi' }] },
      ignored: [],
    });
  });

  it('merges calls after an assistant text turn, and puts reasoning on the next assistant message', () => {
    const { request } = translate({
      input: [
        { role: 'user', content: 'Plan it' },
        { type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'thinking aloud' }] },
        { role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
        { type: 'function_call', call_id: 'c1', name: 'look', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: 'found' },
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'a' }, { type: 'summary_text', text: 'b' }] },
        { type: 'function_call', call_id: 'c2', name: 'look', arguments: { q: 1 } },
      ],
    });
    expect(request.messages.slice(1)).toEqual([
      { role: 'assistant', content: 'Checking.', reasoning_content: 'thinking aloud', tool_calls: [call('c1')] },
      { role: 'tool', tool_call_id: 'c1', content: 'found' },
      { role: 'assistant', content: null, reasoning_content: 'a\n\nb', tool_calls: [call('c2', '{"q":1}')] },
    ]);
  });

  it('starts a new assistant turn for calls whose reasoning follows the text', () => {
    const { request } = translate({
      input: [
        { role: 'user', content: 'Go' },
        { role: 'assistant', content: '' },
        { type: 'function_call', call_id: 'c1', name: 'look', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: [{ type: 'input_image', image_url: 'https://example.com/a.png' }] },
        { role: 'assistant', content: 'Seen.' },
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'more' }] },
        { type: 'function_call', call_id: 'c2', name: 'look', arguments: '{}' },
      ],
    });
    expect(request.messages.slice(1)).toEqual([
      { role: 'assistant', content: null, tool_calls: [call('c1')] },
      { role: 'tool', tool_call_id: 'c1', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] },
      { role: 'assistant', content: 'Seen.' },
      { role: 'assistant', content: null, reasoning_content: 'more', tool_calls: [call('c2')] },
    ]);
  });

  it('replays thinking blocks from our own encrypted_content', () => {
    const blocks = [{ type: 'thinking' as const, thinking: 'hmm', signature: 'sig' }, { type: 'redacted_thinking' as const, data: 'xyz' }];
    const { request, ignored } = translate({
      input: [
        { role: 'user', content: 'Go' },
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'hmm' }], encrypted_content: encodeThinkingBlocks(blocks) },
        { type: 'function_call', call_id: 'c1', name: 'look', arguments: '{}' },
      ],
    });
    expect(request.messages[1]).toMatchObject({ reasoning_content: 'hmm', thinking_blocks: blocks });
    expect(ignored).toEqual([]);
  });

  it('maps tool choices and drops a forced choice when no function tool remains', () => {
    const tools = [{ type: 'function', name: 'f', parameters: null }];
    expect(translate({ input: 'x', tools, tool_choice: { type: 'function', name: 'f' } }).request).toMatchObject({
      tools: [{ type: 'function', function: { name: 'f' } }],
      tool_choice: { type: 'function', function: { name: 'f' } },
    });
    const forced = translate({ input: 'x', tools, tool_choice: 'required', parallel_tool_calls: false });
    expect(forced.request).toMatchObject({ tool_choice: 'required', parallel_tool_calls: false });
    const fileSearch = { type: 'file_search', vector_store_ids: ['vs_1'] };
    const hosted = translate({ input: 'x', tools: [fileSearch], tool_choice: 'required', parallel_tool_calls: true });
    expect(hosted.request).not.toHaveProperty('tools');
    expect(hosted.request).not.toHaveProperty('tool_choice');
    expect(hosted.request).not.toHaveProperty('parallel_tool_calls');
    expect(hosted.ignored).toEqual(['tools.file_search', 'tool_choice']);
    const allowed = translate({ input: 'x', tools, tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [] } });
    expect(allowed.ignored).toEqual(['tool_choice']);
  });

  it('maps text formats and reports what it cannot honour', () => {
    expect(translate({ input: 'x', text: { format: { type: 'json_object' } } }).request.response_format).toEqual({ type: 'json_object' });
    expect(translate({ input: 'x', text: { format: { type: 'text' } } }).request).not.toHaveProperty('response_format');
    const { ignored } = translate({
      ...userWith({ type: 'input_file', file_url: 'https://example.com/a.pdf' }, { type: 'input_text', text: 'read it' }),
      reasoning: { effort: 'high', summary: 'concise' },
      truncation: 'auto',
      include: ['message.output_text.logprobs'],
      prompt_cache_key: 'k',
      top_logprobs: 0,
      service_tier: 'flex',
      stream_options: { include_obfuscation: false },
    });
    expect(ignored).toEqual([
      'input_file.file_url',
      'reasoning.summary',
      'truncation',
      'include',
      'prompt_cache_key',
      'service_tier',
      'stream_options',
    ]);
  });

  it('gives file data without a data URL a media type from its name', () => {
    const { request } = responsesRequestToUnified(userWith({ type: 'input_file', file_data: 'aGk=', filename: 'notes.txt' }));
    const file = { file_data: 'data:text/plain;base64,aGk=', filename: 'notes.txt' };
    expect(request.messages[0].content).toEqual([{ type: 'file', file }]);
  });

  it.each([
    ['not an object', 'hello', /^body:/],
    ['no model', { input: 'x' }, /^model:/],
    ['an empty model', { model: '', input: 'x' }, /^model:/],
    ['no input', { model: 'm' }, /^input:/],
    ['a numeric input', { model: 'm', input: 42 }, /^input:/],
    ['only a system message', { model: 'm', input: [{ role: 'system', content: 'x' }] }, /^input:/],
    ['an item that is not an object', { model: 'm', input: ['x'] }, /^input\[0\]:/],
    ['an item without type or role', { model: 'm', input: [{ content: 'x' }] }, /^input\[0\]\.type:/],
    ['a bad role', { model: 'm', input: [{ role: 'tool', content: 'x' }] }, /^input\[0\]\.role:/],
    ['bad content', { model: 'm', input: [{ role: 'user', content: 5 }] }, /^input\[0\]\.content:/],
    ['a part without type', { model: 'm', input: [{ role: 'user', content: [{ text: 'x' }] }] }, /^input\[0\]\.content\[0\]\.type:/],
    ['an image without source', userWith({ type: 'input_image', detail: 'auto' }), /image_url/],
    ['an image of another scheme', userWith({ type: 'input_image', image_url: 'ftp://x' }), /image_url/],
    ['a call without call_id', { model: 'm', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }, /^input\[0\]\.call_id:/],
    ['an output without output', { model: 'm', input: [{ type: 'function_call_output', call_id: 'c' }] }, /^input\[0\]\.output:/],
    ['tools not a list', { model: 'm', input: 'x', tools: {} }, /^tools:/],
    ['a function tool without name', { model: 'm', input: 'x', tools: [{ type: 'function' }] }, /^tools\[0\]\.name:/],
    ['a bad tool_choice', { model: 'm', input: 'x', tool_choice: 'any' }, /^tool_choice:/],
    ['max_output_tokens 0', { model: 'm', input: 'x', max_output_tokens: 0 }, /^max_output_tokens:/],
    ['max_output_tokens 1.5', { model: 'm', input: 'x', max_output_tokens: 1.5 }, /^max_output_tokens:/],
    ['a string temperature', { model: 'm', input: 'x', temperature: '1' }, /^temperature:/],
    ['an unknown effort', { model: 'm', input: 'x', reasoning: { effort: 'max' } }, /^reasoning\.effort:/],
    ['a schema format without schema', { model: 'm', input: 'x', text: { format: { type: 'json_schema', name: 'n' } } }, /schema:/],
    ['an unknown format', { model: 'm', input: 'x', text: { format: { type: 'yaml' } } }, /^text\.format\.type:/],
  ])('refuses %s', (_name, body, message) => {
    expect(failure(body).message).toMatch(message);
  });
});

describe('statefulReason', () => {
  it.each([
    ['previous_response_id', { previous_response_id: 'resp_1' }],
    ['store', { store: true }],
    ['conversation', { conversation: 'conv_1' }],
    ['background', { background: true }],
    ['prompt', { prompt: { id: 'pmpt_1' } }],
    ['input', { input: [{ type: 'item_reference', id: 'msg_1' }] }],
    ['input', { input: [{ id: 'msg_1' }] }],
  ])('names %s', (field, extra) => {
    const body = { model: 'm', input: 'x', ...extra };
    expect(statefulReason(body)).toMatch(new RegExp(`^${field}\\b`));
    const hint = 'this provider cannot keep state; send the full conversation as input with store: false';
    expect(failure(body).message).toBe(`${statefulReason(body)}: ${hint}`);
  });

  it('accepts stateless bodies', () => {
    expect(statefulReason({ model: 'm', input: 'x', store: false, previous_response_id: null, background: false })).toBeNull();
    expect(statefulReason('x')).toBeNull();
  });

});
