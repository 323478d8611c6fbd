import { accumulate, config, decodeStream, readFixture, readJson } from '../__fixtures__/fixtures';
import type { ChatRequest } from '../unified.types';
import { openAiCompatibleAdapter } from '../openai-compatible/openai-compatible.adapter';
import { openAiAdapter } from './openai.adapter';

function translate(request: ChatRequest) {
  const upstream = openAiAdapter.chatRequest(config(), request, 'o4-mini');
  return { body: JSON.parse(upstream.body ?? '{}'), ignored: upstream.ignored };
}

describe('OpenAI-shaped upstreams: translated requests, reasoning answers', () => {
  it('strips our extensions and thinking history, keeps reasoning_effort, and reports top_k', () => {
    const request: ChatRequest = {
      model: 'claude-public',
      messages: [
        { role: 'user', content: 'Weather in Rome?' },
        { role: 'assistant', content: 'Sunny.', reasoning_content: 'Look it up.', thinking_blocks: [{ type: 'thinking', thinking: 'Look it up.', signature: 'sig' }] },
        { role: 'user', content: 'Oslo?' },
      ],
      max_tokens: 16000,
      reasoning_effort: 'medium',
      thinking_budget: 10000,
      top_k: 40,
    };
    const { body, ignored } = translate(request);
    expect(body).toEqual({ model: 'o4-mini', messages: [request.messages[0], { role: 'assistant', content: 'Sunny.' }, request.messages[2]], max_completion_tokens: 16000, reasoning_effort: 'medium' });
    expect(ignored).toEqual(['top_k']);
  });

  it('turns a thinking budget without a level into a reasoning effort', () => {
    expect(translate({ model: 'm', messages: [{ role: 'user', content: 'Hi' }], thinking_budget: 2000 }).body.reasoning_effort).toBe('low');
  });

  it('keeps inline documents, reports URL documents and tool-result images', () => {
    const pdf = { type: 'file' as const, file: { file_data: 'data:application/pdf;base64,JVBERi0x', filename: 'f.pdf' } };
    const request: ChatRequest = {
      model: 'm',
      messages: [
        { role: 'user', content: [pdf, { type: 'file', file: { file_data: 'https://example.com/rome.pdf' } }, { type: 'text', text: 'Summarise.' }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_map', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: 'Map' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBO' } }] },
      ],
    };
    const { body, ignored } = translate(request);
    expect(body.messages[0].content).toEqual([pdf, { type: 'text', text: 'Summarise.' }]);
    expect(body.messages[2]).toEqual({ role: 'tool', tool_call_id: 'c1', content: 'Map' });
    expect(ignored?.sort()).toEqual(['file', 'image_url']);
  });

  it('keeps reasoning_content and the usage details as reported (DeepSeek)', () => {
    const response = openAiCompatibleAdapter.parseChatResponse(readJson(__dirname, 'response-reasoning.json'), 'deepseek-reasoner');
    expect(response.choices[0].message).toMatchObject({ content: 'Rome is sunny, 24°C.', reasoning_content: 'The user asks about Rome. The forecast says sunny.' });
    expect(response.usage).toMatchObject({ prompt_tokens: 90, prompt_tokens_details: { cached_tokens: 64 }, completion_tokens_details: { reasoning_tokens: 51 } });
  });

  it('streams reasoning deltas, whether the server names them reasoning_content or reasoning (vLLM)', () => {
    const result = accumulate(decodeStream(openAiCompatibleAdapter, readFixture(__dirname, 'stream-reasoning.sse')).chunks);
    expect(result.reasoning).toBe('The user asks about Rome.');
    expect(result.text).toBe('Rome is sunny, 24°C.');
    expect(result.usage).toEqual({ prompt_tokens: 30, completion_tokens: 41, total_tokens: 71 });
  });

  it('fills cached_tokens from DeepSeek cache hits when the details lack it', () => {
    const body = readJson<{ usage: Record<string, unknown> }>(__dirname, 'response-reasoning.json');
    delete body.usage.prompt_tokens_details;
    expect(openAiAdapter.parseChatResponse(body, 'm').usage?.prompt_tokens_details).toEqual({ cached_tokens: 64 });
  });
});
