import { cacheSavingsMicros, costMicros, estimateHoldMicros, NO_TOKENS, plainTokens, type Price, type TokenUsage } from './pricing';

const usd = (perMTok: number) => Math.round(perMTok * 1e6);
const tokens = (t: Partial<TokenUsage>): TokenUsage => ({ ...NO_TOKENS, ...t });

describe('costMicros', () => {
  const price: Price = { inputPriceMicros: usd(1), outputPriceMicros: usd(2) };

  it('charges tokens × price / 1e6 in micro-dollars', () => {
    expect(costMicros(price, plainTokens(1000, 500))).toBe(2000);
    expect(costMicros(price, NO_TOKENS)).toBe(0);
  });

  it('rounds once per request, half up', () => {
    const cheap: Price = { inputPriceMicros: 150_000, outputPriceMicros: 600_000 };
    expect(costMicros(cheap, plainTokens(10, 0))).toBe(2); // 1.5 -> 2
    expect(costMicros(cheap, plainTokens(3, 0))).toBe(0); // 0.45 -> 0
    expect(costMicros(cheap, plainTokens(3, 1))).toBe(1); // 0.45 + 0.6 = 1.05 -> 1
  });

  it("charges Anthropic's cache reads and writes at their own prices (the provider's bill)", () => {
    const sonnet: Price = { inputPriceMicros: usd(3), outputPriceMicros: usd(15), cacheReadPriceMicros: usd(0.3), cacheWritePriceMicros: usd(3.75), cacheWrite1hPriceMicros: usd(6) };
    // input 50 + cache read 1000 + cache write 200, output 20: 150 + 300 + 750 + 300 = 1500 µ$
    expect(costMicros(sonnet, tokens({ promptTokens: 1250, cacheReadTokens: 1000, cacheWriteTokens: 200, completionTokens: 20 }))).toBe(1500);
    // of the 200 written, 100 for an hour: 150 + 300 + 375 + 600 + 300
    expect(costMicros(sonnet, tokens({ promptTokens: 1250, cacheReadTokens: 1000, cacheWriteTokens: 200, cacheWrite1hTokens: 100, completionTokens: 20 }))).toBe(1725);
  });

  it("charges OpenAI's cached tokens (inside prompt_tokens) at the cache-read price", () => {
    const gpt: Price = { inputPriceMicros: usd(1.25), outputPriceMicros: usd(10), cacheReadPriceMicros: usd(0.125) };
    // 200 × 1.25 + 1000 × 0.125 + 20 × 10 = 250 + 125 + 200
    expect(costMicros(gpt, tokens({ promptTokens: 1200, cacheReadTokens: 1000, completionTokens: 20 }))).toBe(575);
  });

  it('prices the whole request at long-context prices above the threshold, cache prices scaled alike', () => {
    const gemini: Price = {
      inputPriceMicros: usd(1.25),
      outputPriceMicros: usd(10),
      cacheReadPriceMicros: usd(0.125),
      longContextThresholdTokens: 200_000,
      longContextInputPriceMicros: usd(2.5),
      longContextOutputPriceMicros: usd(15),
    };
    expect(costMicros(gemini, plainTokens(200_000, 1000))).toBe(250_000 + 10_000);
    expect(costMicros(gemini, plainTokens(200_001, 1000))).toBe(Math.floor((200_001 * 2.5e6 + 1000 * 15e6 + 500_000) / 1e6));
    expect(costMicros(gemini, tokens({ promptTokens: 300_000, cacheReadTokens: 100_000 }))).toBe(500_000 + 25_000);
  });

  it('is never negative and equals the plain formula when cache prices are null (property)', () => {
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    for (let i = 0; i < 2000; i++) {
      const price: Price = { inputPriceMicros: rand(20_000_000), outputPriceMicros: rand(80_000_000) };
      const prompt = rand(300_000);
      const usage = tokens({ promptTokens: prompt, completionTokens: rand(50_000), cacheReadTokens: rand(prompt + 10), cacheWriteTokens: rand(1000), reasoningTokens: rand(100) });
      const plain = costMicros(price, plainTokens(usage.promptTokens, usage.completionTokens));
      expect(costMicros(price, usage)).toBeGreaterThanOrEqual(0);
      // Null cache prices are the input price: the plain formula, whatever the cache counts.
      expect(costMicros(price, usage)).toBe(plain);
      const cached: Price = { ...price, cacheReadPriceMicros: rand(price.inputPriceMicros + 1), cacheWritePriceMicros: rand(price.inputPriceMicros * 2 + 1) };
      expect(costMicros(cached, usage)).toBeGreaterThanOrEqual(0);
      expect(estimateHoldMicros(cached, usage.promptTokens, usage.completionTokens)).toBeGreaterThanOrEqual(costMicros(cached, usage));
    }
  });
});

describe('estimateHoldMicros', () => {
  it('holds prompt plus max_tokens, or a default completion budget', () => {
    const price: Price = { inputPriceMicros: usd(1), outputPriceMicros: usd(2) };
    expect(estimateHoldMicros(price, 100, 50)).toBe(200);
    expect(estimateHoldMicros(price, 100, undefined)).toBe(100 + 2048);
  });

  it('is an upper bound of the cost whatever the cache writes and the context length', () => {
    const price: Price = { inputPriceMicros: usd(3), outputPriceMicros: usd(15), cacheWritePriceMicros: usd(3.75), cacheWrite1hPriceMicros: usd(6), longContextThresholdTokens: 200_000, longContextInputPriceMicros: usd(6), longContextOutputPriceMicros: usd(22.5) };
    const usage = tokens({ promptTokens: 250_000, cacheWriteTokens: 250_000, cacheWrite1hTokens: 250_000, completionTokens: 1000 });
    expect(estimateHoldMicros(price, 250_000, 1000)).toBeGreaterThanOrEqual(costMicros(price, usage));
  });
});

describe('cacheSavingsMicros', () => {
  it('is what the cache reads would have cost at the input price, minus what they cost', () => {
    const price: Price = { inputPriceMicros: usd(3), outputPriceMicros: usd(15), cacheReadPriceMicros: usd(0.3) };
    expect(cacheSavingsMicros(price, tokens({ promptTokens: 1050, cacheReadTokens: 1000 }))).toBe(2700);
    expect(cacheSavingsMicros({ inputPriceMicros: usd(3), outputPriceMicros: usd(15) }, tokens({ cacheReadTokens: 1000 }))).toBe(0);
  });
});
