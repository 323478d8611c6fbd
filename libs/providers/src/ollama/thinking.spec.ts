import { accumulate, config, decodeStream, readFixture, readJson } from '../__fixtures__/fixtures';
import type { ChatRequest } from '../unified.types';
import { ollamaAdapter } from './ollama.adapter';

const ollamaConfig = config({ type: 'ollama', baseUrl: 'http://localhost:11434', apiKey: null });
const ask: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'Weather in Rome?' }] };
function translate(request: ChatRequest, model = 'qwen3:8b') {
  const upstream = ollamaAdapter.chatRequest(ollamaConfig, request, model);
  return { body: JSON.parse(upstream.body ?? '{}'), ignored: upstream.ignored };
}

describe('Ollama: thinking, options and ignored parameters', () => {
  it.each([
    ['qwen3:8b', { reasoning_effort: 'high' }, true],
    ['qwen3:8b', { thinking_budget: 5000 }, true],
    ['qwen3:8b', { reasoning_effort: 'none' }, false],
    ['gpt-oss:20b', { reasoning_effort: 'low' }, 'low'],
    ['gpt-oss:20b', { reasoning_effort: 'xhigh' }, 'high'],
    ['gpt-oss:20b', { thinking_budget: 10000 }, 'medium'],
  ] as const)('on %s maps %j to think %j', (model, fields, think) => {
    expect(translate({ ...ask, ...fields }, model).body.think).toBe(think);
  });

  it('sends no think field when the request asks nothing, and replays earlier thinking', () => {
    const messages: ChatRequest['messages'] = [...ask.messages, { role: 'assistant', content: 'Sunny.', reasoning_content: 'Look it up.' }, { role: 'user', content: 'Oslo?' }];
    const { body } = translate({ ...ask, messages });
    expect(body.think).toBeUndefined();
    expect(body.messages[1]).toEqual({ role: 'assistant', content: 'Sunny.', thinking: 'Look it up.' });
  });

  it('takes top_k and penalties as options', () => {
    const { body, ignored } = translate({ ...ask, top_k: 40, presence_penalty: 0.5, frequency_penalty: 0.2, seed: 3 });
    expect(body.options).toEqual({ top_k: 40, presence_penalty: 0.5, frequency_penalty: 0.2, seed: 3 });
    expect(ignored).toEqual([]);
  });

  it('reports forced tool choices, parallel_tool_calls false, documents, URL images and unknown fields', () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object' } } }];
    const content = [
      { type: 'text' as const, text: 'Look.' },
      { type: 'image_url' as const, image_url: { url: 'https://example.com/cat.jpg' } },
      { type: 'file' as const, file: { file_data: 'data:application/pdf;base64,JVBERi0x' } },
    ];
    const request: ChatRequest = { ...ask, messages: [{ role: 'user', content }], tools, tool_choice: 'required', parallel_tool_calls: false, logprobs: true };
    const { body, ignored } = translate(request);
    expect(body.messages).toEqual([{ role: 'user', content: 'Look.' }]);
    expect(body.tools).toEqual(tools);
    expect(ignored?.sort()).toEqual(['file', 'image_url', 'logprobs', 'parallel_tool_calls', 'tool_choice']);
  });

  it('reads message.thinking as reasoning_content', () => {
    const response = ollamaAdapter.parseChatResponse(readJson(__dirname, 'response-thinking.json'), 'qwen3:8b');
    expect(response.choices[0].message).toEqual({ role: 'assistant', content: 'Rome is sunny, 24°C.', reasoning_content: 'The user asks about Rome. The forecast says sunny.' });
    expect(response.usage).toEqual({ prompt_tokens: 30, completion_tokens: 41, total_tokens: 71 });
  });

  it('streams thinking as reasoning_content deltas', () => {
    const result = accumulate(decodeStream(ollamaAdapter, readFixture(__dirname, 'stream-thinking.ndjson')).chunks);
    expect(result.reasoning).toBe('The user asks about Rome.');
    expect(result.text).toBe('Rome is sunny, 24°C.');
    expect(result.usage).toEqual({ prompt_tokens: 30, completion_tokens: 41, total_tokens: 71 });
  });
});
