import { accumulate, config, decodeStream, readFixture, readJson } from '../__fixtures__/fixtures';
import type { ChatRequest } from '../unified.types';
import { anthropicAdapter } from './anthropic.adapter';

const anthropicConfig = config({ type: 'anthropic' });
const schema = { type: 'object', properties: { city: { type: 'string' }, temp_c: { type: 'number' }, sky: { type: 'string' } }, required: ['city'] };
const weather: ChatRequest = {
  model: 'm',
  messages: [{ role: 'user', content: 'Weather in Rome as JSON.' }],
  response_format: { type: 'json_schema', json_schema: { name: 'weather', schema, strict: true } },
};
const lookup = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object' } } }];
function translate(request: ChatRequest) {
  const upstream = anthropicAdapter.chatRequest(anthropicConfig, request, 'claude-sonnet-4-5');
  return { body: JSON.parse(upstream.body ?? '{}'), ignored: upstream.ignored };
}

describe('Anthropic structured output (emulated with a forced tool)', () => {
  it('sends the schema as the input_schema of a tool named after it, and forces that tool', () => {
    const { body, ignored } = translate(weather);
    expect(body.tools).toEqual([{ name: 'structured_output__weather', description: 'Give the answer as JSON matching the "weather" schema.', input_schema: schema }]);
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'structured_output__weather' });
    expect(ignored).toEqual([]);
  });

  it('asks for any JSON object for json_object', () => {
    const { body } = translate({ ...weather, response_format: { type: 'json_object' } });
    expect(body.tools).toEqual([{ name: 'structured_output', description: 'Give the answer as a JSON object.', input_schema: { type: 'object' } }]);
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'structured_output' });
  });

  it('keeps the caller tools callable: the model must call one of them or the answer tool', () => {
    expect(translate({ ...weather, tools: lookup }).body.tool_choice).toEqual({ type: 'any' });
    expect(translate({ ...weather, tools: lookup, tool_choice: 'none' }).body.tool_choice).toEqual({ type: 'tool', name: 'structured_output__weather' });
    const named = translate({ ...weather, tools: lookup, tool_choice: { type: 'function', function: { name: 'get_weather' } } });
    expect(named.body.tool_choice).toEqual({ type: 'tool', name: 'get_weather' });
    expect(named.body.tools.map((tool: { name: string }) => tool.name)).toEqual(['get_weather', 'structured_output__weather']);
  });

  it('falls back to tool_choice auto with thinking on (Anthropic refuses forced tools then) without reporting our own forcing', () => {
    const { body, ignored } = translate({ ...weather, reasoning_effort: 'low' });
    expect(body.tool_choice).toEqual({ type: 'auto' });
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(ignored).toEqual([]);
    expect(translate({ ...weather, tools: lookup, tool_choice: 'required', reasoning_effort: 'low' }).ignored).toEqual(['tool_choice']);
  });

  it('maps the answer tool call back to JSON text with finish_reason stop', () => {
    const response = anthropicAdapter.parseChatResponse(readJson(__dirname, 'response-structured-output.json'), 'c');
    expect(response.choices[0]).toEqual({ index: 0, message: { role: 'assistant', content: '{"city":"Rome","temp_c":24,"sky":"sunny"}' }, finish_reason: 'stop' });
  });

  it('streams the answer tool input as content deltas with finish_reason stop', () => {
    const result = accumulate(decodeStream(anthropicAdapter, readFixture(__dirname, 'stream-structured-output.sse')).chunks);
    expect(JSON.parse(result.text)).toEqual({ city: 'Rome', temp_c: 24, sky: 'sunny' });
    expect(result.toolCalls).toEqual([]);
    expect(result.finishReason).toBe('stop');
  });
});
