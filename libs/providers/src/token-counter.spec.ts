import { countPromptTokens as exactPromptTokens, estimatePromptTokens } from './token-counter';
import { countCompletionTokens, countPromptTokens, countTextTokens, truncateToTokens } from './token-counter';
import { readJson, SHARED } from './__fixtures__/fixtures';
import type { ContentPart } from './unified.types';

describe('token counter (o200k_base)', () => {
  it('counts text tokens like OpenAI does', () => {
    expect(countTextTokens('')).toBe(0);
    expect(countTextTokens('Hello world')).toBe(2);
    expect(countCompletionTokens('The quick brown fox jumps over the lazy dog.')).toBe(10);
  });

  it('counts a prompt as its messages plus ~3 tokens per message and 3 for the reply', () => {
    // 3 (reply) + 3 (message) + 1 ("user") + 2 ("Hello world")
    expect(countPromptTokens({ messages: [{ role: 'user', content: 'Hello world' }] })).toBe(9);
  });

  it('counts images at a fixed cost, tool calls by name and arguments, and tool definitions', () => {
    const image = countPromptTokens({
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${'A'.repeat(100_000)}`, detail: 'low' } }] }],
    });
    expect(image).toBe(3 + 3 + 1 + 85);
    const withCall = countPromptTokens({
      messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } }] }],
    });
    expect(withCall).toBeGreaterThan(countPromptTokens({ messages: [{ role: 'assistant', content: null }] }) + 4);
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'object' } } }];
    const withTools = countPromptTokens({ messages: [{ role: 'user', content: 'Hi' }], tools });
    expect(withTools - countPromptTokens({ messages: [{ role: 'user', content: 'Hi' }] })).toBeGreaterThan(10);
  });

  it('is exact on ordinary text, including text containing special-token markers', () => {
    // Reference counts from js-tiktoken's own encode() over the whole text.
    const mixed = 'Gateway v2.3 answered 429 at 10:42:07 — retry in 1.5s. `const total = prompt_tokens + completion_tokens;` Ünïcødé, emoji 🚀🚀, and ¥1,234,567.89!';
    expect(countTextTokens(mixed)).toBe(56);
    expect(countTextTokens('All work and no play makes Jack a dull boy. '.repeat(100))).toBe(1101);
    expect(countTextTokens('<|endoftext|> is just text here')).toBeGreaterThan(5);
  });

  it('stays fast on long and pathological input (long pieces are counted in slices)', () => {
    const started = Date.now();
    const runOfA = countTextTokens('a'.repeat(200_000));
    expect(runOfA).toBeGreaterThan(20_000);
    expect(runOfA).toBeLessThan(60_000);
    const chinese = '我们今天讨论的是一个关于大型语言模型网关的设计问题它需要在多个提供商之间转换格式并且计量令牌的使用情况'.repeat(100);
    expect(countTextTokens(chinese)).toBeGreaterThan(chinese.length / 4);
    expect(countTextTokens('All work and no play makes Jack a dull boy. '.repeat(20_000))).toBeGreaterThan(200_000);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('truncates text to a number of tokens', () => {
    expect(truncateToTokens('The quick brown fox jumps over the lazy dog.', 4)).toBe('The quick brown fox');
    expect(truncateToTokens('Hello world', 10)).toBe('Hello world');
  });
});

describe('estimatePromptTokens', () => {
  it('is an upper estimate of the exact count for English, code and CJK', () => {
    for (const content of ['Tell me a story about a gateway that counts every token exactly once.', 'function add(a, b) { return a + b; } // sum', '请用中文写一首关于网关的短诗，谢谢。']) {
      const request = { messages: [{ role: 'user' as const, content }] };
      const exact = exactPromptTokens(request);
      const estimate = estimatePromptTokens(request);
      expect(estimate).toBeGreaterThanOrEqual(exact);
      expect(estimate).toBeLessThanOrEqual(exact * 2 + 10);
    }
  });
});

describe('documents', () => {
  const pdf = readJson<{ messages: Array<{ content: Array<{ source: { data: string } }> }> }>(SHARED, 'anthropic-request-documents.json').messages[0].content[0].source.data;
  const prompt = (part: ContentPart) => ({ messages: [{ role: 'user' as const, content: [part] }] });
  const empty = countPromptTokens({ messages: [{ role: 'user', content: [] }] });

  it('counts a PDF by its pages and a text document by its text', () => {
    expect(countPromptTokens(prompt({ type: 'file', file: { file_data: `data:application/pdf;base64,${pdf}` } })) - empty).toBe(2 * 1500);
    const text = { type: 'file' as const, file: { file_data: `data:text/plain;base64,${Buffer.from('Hello world').toString('base64')}` } };
    expect(countPromptTokens(prompt(text)) - empty).toBe(2);
    expect(countPromptTokens(prompt({ type: 'file', file: { file_id: 'file-abc' } })) - empty).toBe(765);
  });

  it('estimates a PDF above its count, still without the tokenizer', () => {
    const part: ContentPart = { type: 'file', file: { file_data: `data:application/pdf;base64,${pdf}` } };
    expect(estimatePromptTokens(prompt(part))).toBeGreaterThanOrEqual(exactPromptTokens(prompt(part)));
  });
});
