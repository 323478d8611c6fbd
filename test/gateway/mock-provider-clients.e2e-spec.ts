/**
 * The built-in mock provider serves what today's clients ask for, so that the README's client
 * settings can be tried with no provider account: extended thinking, tools across turns, the
 * Responses API and count_tokens, through the official SDKs.
 */
import { startTestApp, type TestApp } from '../support/test-app';
import { Gateway, privateDataDir, type Route, type UserKey } from './gateway-fixture';

jest.setTimeout(30_000);

const anthropicWeatherTool = { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } };
const weather = { type: 'function' as const, name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: false };

describe('gateway: the mock provider for today\'s clients (official SDKs)', () => {
  let t: TestApp;
  let gw: Gateway;
  let small: Route;
  let tool: Route;
  let u: UserKey;
  beforeAll(async () => {
    t = await startTestApp({ env: { DATA_DIR: privateDataDir() } });
    gw = await new Gateway(t).init();
    small = await gw.route([{ kind: 'mock', upstreamModel: 'mock-small' }]);
    tool = await gw.route([{ kind: 'mock', upstreamModel: 'mock-tool' }]);
    u = await gw.user();
  });
  afterAll(async () => {
    await gw.close();
    await t.close();
  });

  it('Anthropic SDK with extended thinking gets a thinking block before the text, streamed and not', async () => {
    const ask = { model: small.model, max_tokens: 2000, thinking: { type: 'enabled' as const, budget_tokens: 1024 }, messages: [{ role: 'user' as const, content: 'Ping' }] };
    const message = await u.anthropic.messages.create(ask);
    expect(message.model).toBe(small.model);
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    expect((message.content[0] as { thinking: string }).thinking.length).toBeGreaterThan(0);
    expect((message.content[1] as { text: string }).text).toMatch(/^Mock reply to: "Ping"/);
    expect(message.usage.output_tokens).toBeGreaterThan(0);

    const stream = u.anthropic.messages.stream(ask);
    let thinking = '';
    stream.on('thinking', (delta) => (thinking += delta));
    const streamed = await stream.finalMessage();
    expect(thinking).toBe((message.content[0] as { thinking: string }).thinking);
    expect(streamed.content).toEqual(message.content);
  });

  it('OpenAI SDK with reasoning_effort gets reasoning_content apart from content', async () => {
    const completion = await u.openai.chat.completions.create({ model: small.model, reasoning_effort: 'low', messages: [{ role: 'user', content: 'Ping' }] });
    const message = completion.choices[0].message as any;
    expect(message.reasoning_content.length).toBeGreaterThan(0);
    expect(message.content).toMatch(/^Mock reply to: "Ping"/);
    expect(completion.model).toBe(small.model);
  });

  it('tools across turns with the Anthropic SDK: a tool_use, then text after the tool_result', async () => {
    const question = { role: 'user' as const, content: 'Weather in Rome?' };
    const first = await u.anthropic.messages.create({ model: tool.model, max_tokens: 500, tools: [anthropicWeatherTool], messages: [question] });
    expect(first.stop_reason).toBe('tool_use');
    const use = first.content.find((block) => block.type === 'tool_use')!;
    expect(use).toMatchObject({ name: 'get_weather', input: { city: expect.any(String) } });
    const second = await u.anthropic.messages
      .stream({
        model: tool.model,
        max_tokens: 500,
        tools: [anthropicWeatherTool],
        messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'Sunny, 24C' }] }],
      })
      .finalMessage();
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content).toEqual([{ type: 'text', text: expect.stringMatching(/^Mock reply to: "Sunny, 24C"/) }]);

    const forced = await u.anthropic.messages.create({ model: small.model, max_tokens: 500, tools: [anthropicWeatherTool], tool_choice: { type: 'any' }, messages: [question] });
    expect(forced.content.some((block) => block.type === 'tool_use')).toBe(true);
  });

  it('openai.responses.create and stream work, tools included', async () => {
    const created = await u.openai.responses.create({ model: small.model, instructions: 'Be brief.', input: 'Ping' });
    expect(created.output_text).toMatch(/^Mock reply to: "Ping"/);
    expect(created.model).toBe(small.model);
    const streamed = await u.openai.responses.stream({ model: small.model, input: 'Ping' }).finalResponse();
    expect(streamed.output_text).toBe(created.output_text);
    const called = await u.openai.responses.create({ model: tool.model, input: 'Weather in Rome?', tools: [weather] });
    expect(called.output.find((item) => item.type === 'function_call')).toMatchObject({ name: 'get_weather' });
  });

  it('messages.countTokens works', async () => {
    const counted = await u.anthropic.messages.countTokens({ model: small.model, system: 'Be brief.', messages: [{ role: 'user', content: 'Ping' }] });
    expect(Number.isInteger(counted.input_tokens)).toBe(true);
    expect(counted.input_tokens).toBeGreaterThan(0);
  });
});
