import { accumulate, config, decodeStream, readFixture, readJson } from '../__fixtures__/fixtures';
import type { ChatRequest } from '../unified.types';
import { geminiAdapter } from './gemini.adapter';

const geminiConfig = config({ type: 'gemini', apiKey: 'AIza-test' });
const ask: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'Weather in Rome?' }] };
function translate(request: ChatRequest) {
  const upstream = geminiAdapter.chatRequest(geminiConfig, request, 'gemini-2.5-flash');
  return { body: JSON.parse(upstream.body ?? '{}'), ignored: upstream.ignored };
}

describe('Gemini: thinking, structured output, documents and ignored parameters', () => {
  it.each([
    [{ reasoning_effort: 'low' }, { thinkingBudget: 2048, includeThoughts: true }],
    [{ reasoning_effort: 'high' }, { thinkingBudget: 24576, includeThoughts: true }],
    [{ reasoning_effort: 'medium', thinking_budget: 10000 }, { thinkingBudget: 10000, includeThoughts: true }],
    [{ reasoning_effort: 'none' }, { thinkingBudget: 0 }],
  ] as const)('maps %j to thinkingConfig %j', (fields, thinkingConfig) => {
    expect(translate({ ...ask, ...fields }).body.generationConfig).toEqual({ thinkingConfig });
  });

  it('takes top_k, seed and penalties, and a JSON schema as responseJsonSchema', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, additionalProperties: false };
    const request: ChatRequest = {
      ...ask,
      top_k: 40,
      seed: 7,
      presence_penalty: 0.2,
      frequency_penalty: 0.1,
      response_format: { type: 'json_schema', json_schema: { name: 'weather', schema, strict: true } },
    };
    const { body, ignored } = translate(request);
    expect(body.generationConfig).toEqual({ topK: 40, seed: 7, presencePenalty: 0.2, frequencyPenalty: 0.1, responseMimeType: 'application/json', responseJsonSchema: schema });
    expect(ignored).toEqual([]);
  });

  it('reports what Gemini cannot honour, parallel_tool_calls false included', () => {
    const request: ChatRequest = { ...ask, logit_bias: { '1': 1 }, n: 3, user: 'u', parallel_tool_calls: false, service_tier: 'auto', store: false };
    expect(translate(request).ignored?.sort()).toEqual(['logit_bias', 'n', 'parallel_tool_calls', 'service_tier', 'user']);
  });

  it('sends documents inline or by URL, tool-result images beside the function response, and reports file ids', () => {
    const request: ChatRequest = {
      model: 'm',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0x', filename: 'f.pdf' } },
            { type: 'file', file: { file_data: 'https://example.com/rome.pdf' } },
            { type: 'file', file: { file_id: 'file-abc' } },
          ],
        },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_map', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: 'Map' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBO' } }] },
      ],
    };
    const { body, ignored } = translate(request);
    expect(body.contents[0].parts).toEqual([
      { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0x' } },
      { fileData: { fileUri: 'https://example.com/rome.pdf', mimeType: 'application/pdf' } },
    ]);
    expect(body.contents[2].parts).toEqual([{ functionResponse: { name: 'get_map', response: { content: 'Map' } } }, { inlineData: { mimeType: 'image/png', data: 'iVBO' } }]);
    expect(ignored).toEqual(['file']);
  });

  it('reads thought parts as reasoning_content, thoughts as reasoning tokens and cached content as cached tokens', () => {
    const response = geminiAdapter.parseChatResponse(readJson(__dirname, 'response-thinking.json'), 'g');
    expect(response.choices[0].message).toEqual({
      role: 'assistant',
      content: 'Rome is sunny, 24°C.',
      reasoning_content: "**Checking the forecast**\n\nThe user wants Rome's weather; it is sunny and 24°C.",
    });
    expect(response.usage).toEqual({
      prompt_tokens: 2100,
      completion_tokens: 136,
      total_tokens: 2236,
      prompt_tokens_details: { cached_tokens: 2048 },
      completion_tokens_details: { reasoning_tokens: 127 },
    });
  });

  it('streams thought parts as reasoning_content deltas before the text', () => {
    const { chunks } = decodeStream(geminiAdapter, readFixture(__dirname, 'stream-thinking.sse'));
    const result = accumulate(chunks);
    expect(result.reasoning).toBe("**Checking the forecast**\n\nThe user wants Rome's weather.");
    expect(result.text).toBe('Rome is sunny, 24°C.');
    expect(result.usage).toEqual({ prompt_tokens: 31, completion_tokens: 58, total_tokens: 89, completion_tokens_details: { reasoning_tokens: 49 } });
    expect(chunks.findIndex((chunk) => chunk.choices[0]?.delta.reasoning_content)).toBeLessThan(chunks.findIndex((chunk) => chunk.choices[0]?.delta.content));
  });
});
