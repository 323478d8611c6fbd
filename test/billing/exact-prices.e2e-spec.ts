/**
 * Charges at the provider's own price list: cache reads and writes, one-hour writes, reasoning,
 * long context, through the official SDKs and fake upstreams reporting today's usage fields.
 * Every figure is checked to the micro-dollar in the usage row, the ledger and the balance.
 */
import { Gateway, privateDataDir, type UserKey } from '../gateway/gateway-fixture';
import { startFakeGeminiOllama, type FakeGeminiOllama } from '../support/fake-gemini-ollama';
import type { FakeBehaviour } from '../support/fake-upstream';
import { ledgerMismatches, sql } from '../support/gateway-setup';
import { startTestApp, type TestApp } from '../support/test-app';

/** Claude Sonnet's list prices (USD per MTok). */
const SONNET = { inputPriceUsdPerMTok: 3, outputPriceUsdPerMTok: 15, prices: { cacheReadPriceUsdPerMTok: 0.3, cacheWritePriceUsdPerMTok: 3.75, cacheWrite1hPriceUsdPerMTok: 6 } };
/** A GPT-5-like price list. */
const GPT = { inputPriceUsdPerMTok: 1.25, outputPriceUsdPerMTok: 10, prices: { cacheReadPriceUsdPerMTok: 0.125 } };
/** The Anthropic usage: 50 uncached, 1,000 read from the cache, 200 written, 20 out. */
const ANTHROPIC_CACHED: Partial<FakeBehaviour> = { usage: { prompt: 50, completion: 20 }, cacheRead: 1000, cacheWrite: 200 };
/** OpenAI: 1,200 prompt tokens of which 1,000 cached; 20 out of which 8 reasoning. */
const OPENAI_CACHED: Partial<FakeBehaviour> = { usage: { prompt: 1200, completion: 20 }, cachedTokens: 1000, reasoningTokens: 8 };

const ask = [{ role: 'user' as const, content: 'Summarise the cached document' }];

describe('exact prices for every token kind (fake upstreams, official SDKs)', () => {
  let t: TestApp;
  let gw: Gateway;
  beforeAll(async () => {
    t = await startTestApp({ env: { DATA_DIR: privateDataDir() } });
    gw = await new Gateway(t).init();
  });
  afterAll(async () => {
    await gw.close();
    await t.close();
  });

  /** The request's usage row (the user's view), its ledger charge in micro-dollars, and the balance drop. */
  async function charged(u: UserKey, requestId: string) {
    const row = await gw.usageRow(u, requestId);
    const [charge] = await sql(t.databaseUrl, "SELECT amount_micros FROM ledger_entries WHERE request_id = $1 AND type = 'charge'", [requestId]);
    return { row, micros: -Number(charge?.amount_micros ?? 0), balance: await gw.balance(u) };
  }

  describe('Anthropic cache reads and writes', () => {
    it('charges what Anthropic bills (1,500 µ$, not 4,050), non-stream', async () => {
      const route = await gw.route([{ kind: 'anthropic', behaviour: ANTHROPIC_CACHED }], SONNET);
      const u = await gw.user({ creditsUsd: 1 });
      const { response } = await u.anthropic.messages.create({ model: route.model, max_tokens: 100, messages: ask }).withResponse();
      const { row, micros, balance } = await charged(u, response.headers.get('x-request-id')!);
      expect(micros).toBe(1500);
      expect(row).toMatchObject({ promptTokens: 1250, completionTokens: 20, cacheReadTokens: 1000, cacheWriteTokens: 200, usageSource: 'reported', costUsd: 0.0015 });
      expect(balance).toBeCloseTo(1 - 0.0015, 9);
    });

    it('charges the same for a stream whose usage arrives split over message_start and message_delta', async () => {
      const route = await gw.route([{ kind: 'anthropic', behaviour: ANTHROPIC_CACHED }], SONNET);
      const u = await gw.user({ creditsUsd: 1 });
      const stream = u.anthropic.messages.stream({ model: route.model, max_tokens: 100, messages: ask });
      const final = await stream.finalMessage();
      expect(final.usage).toMatchObject({ input_tokens: 50, cache_read_input_tokens: 1000, cache_creation_input_tokens: 200, output_tokens: 20 });
      const { micros, row } = await charged(u, (await stream.withResponse()).response.headers.get('x-request-id')!);
      expect(micros).toBe(1500);
      expect(row).toMatchObject({ stream: true, cacheReadTokens: 1000, cacheWriteTokens: 200 });
    });

    it('prices one-hour cache writes at their own price', async () => {
      const route = await gw.route([{ kind: 'anthropic', behaviour: { ...ANTHROPIC_CACHED, cacheWrite1h: 100 } }], SONNET);
      const u = await gw.user({ creditsUsd: 1 });
      const { response } = await u.anthropic.messages.create({ model: route.model, max_tokens: 100, messages: ask }).withResponse();
      // 50 × 3 + 1,000 × 0.3 + 100 × 3.75 + 100 × 6 + 20 × 15 = 150 + 300 + 375 + 600 + 300
      expect((await charged(u, response.headers.get('x-request-id')!)).micros).toBe(1725);
    });

    it('charges the same when an OpenAI-format caller is served by the Anthropic provider (translated)', async () => {
      const route = await gw.route([{ kind: 'anthropic', behaviour: ANTHROPIC_CACHED }], SONNET);
      const u = await gw.user({ creditsUsd: 1 });
      const { data, response } = await u.openai.chat.completions.create({ model: route.model, messages: ask }).withResponse();
      expect(data.usage).toMatchObject({ prompt_tokens: 1250, completion_tokens: 20, prompt_tokens_details: { cached_tokens: 1000 } });
      expect((await charged(u, response.headers.get('x-request-id')!)).micros).toBe(1500);
    });

    it('keeps charging every input token at the input price on a model without cache prices', async () => {
      const route = await gw.route([{ kind: 'anthropic', behaviour: ANTHROPIC_CACHED }], { inputPriceUsdPerMTok: 3, outputPriceUsdPerMTok: 15 });
      const u = await gw.user({ creditsUsd: 1 });
      const { response } = await u.anthropic.messages.create({ model: route.model, max_tokens: 100, messages: ask }).withResponse();
      const { micros, row } = await charged(u, response.headers.get('x-request-id')!);
      expect(micros).toBe(4050);
      expect(row.cacheReadTokens).toBe(1000);
    });
  });

  describe('OpenAI cached and reasoning tokens', () => {
    it('charges cached tokens at the cache-read price (575 µ$, not 1,700), non-stream and stream', async () => {
      const route = await gw.route([{ kind: 'openai', behaviour: OPENAI_CACHED }], GPT);
      const u = await gw.user({ creditsUsd: 1 });
      const plain = await u.openai.chat.completions.create({ model: route.model, messages: ask }).withResponse();
      const first = await charged(u, plain.response.headers.get('x-request-id')!);
      expect(first.micros).toBe(575);
      expect(first.row).toMatchObject({ promptTokens: 1200, cacheReadTokens: 1000, cacheWriteTokens: 0, completionTokens: 20, reasoningTokens: 8 });

      const streamed = await u.openai.chat.completions.create({ model: route.model, messages: ask, stream: true }).withResponse();
      for await (const chunk of streamed.data) expect(chunk.model).toBe(route.model);
      expect((await charged(u, streamed.response.headers.get('x-request-id')!)).micros).toBe(575);
    });

    it('reads the Responses API usage details (native passthrough)', async () => {
      const route = await gw.route([{ kind: 'openai', behaviour: OPENAI_CACHED }], GPT);
      const u = await gw.user({ creditsUsd: 1 });
      const { data, response } = await u.openai.responses.create({ model: route.model, input: 'Summarise the cached document' }).withResponse();
      expect(data.usage).toMatchObject({ input_tokens: 1200, input_tokens_details: { cached_tokens: 1000 } });
      const { micros, row } = await charged(u, response.headers.get('x-request-id')!);
      expect(micros).toBe(575);
      expect(row).toMatchObject({ endpoint: '/v1/responses', cacheReadTokens: 1000, reasoningTokens: 8 });
    });
  });

  describe('Gemini cached and thought tokens', () => {
    let fake: FakeGeminiOllama;
    afterAll(() => fake?.close());

    it('charges cached content at the cache-read price and thoughts as output (reasoning) tokens', async () => {
      fake = await startFakeGeminiOllama({ usage: { prompt: 1200, completion: 20 }, cachedTokens: 1000, thoughtsTokens: 30, thoughts: 'Thinking it over.' });
      const provider = await gw.admin.post('/api/v1/providers', { name: `gemini-${Date.now()}`, type: 'gemini', baseUrl: fake.baseUrl, apiKey: 'gemini-secret-1234' });
      const name = `gemini-priced-${Date.now()}`;
      const created = await gw.admin.post('/api/v1/models', { name, targets: [{ providerId: provider.body.id, upstreamModel: 'gemini-2.5-pro' }], ...GPT, ...GPT.prices, prices: undefined });
      expect(created.status).toBe(201);
      const u = await gw.user({ creditsUsd: 1 });
      const { response } = await u.openai.chat.completions.create({ model: name, messages: ask, reasoning_effort: 'low' }).withResponse();
      const { micros, row } = await charged(u, response.headers.get('x-request-id')!);
      // 200 × 1.25 + 1,000 × 0.125 + (20 + 30) × 10
      expect(micros).toBe(875);
      expect(row).toMatchObject({ promptTokens: 1200, cacheReadTokens: 1000, completionTokens: 50, reasoningTokens: 30 });
    });
  });

  describe('long-context prices', () => {
    const LONG = {
      inputPriceUsdPerMTok: 1.25,
      outputPriceUsdPerMTok: 10,
      prices: { longContextThresholdTokens: 1000, longContextInputPriceUsdPerMTok: 2.5, longContextOutputPriceUsdPerMTok: 15 },
    };

    it.each([
      ['at the threshold: base prices', 1000, 1000 * 1.25 + 100 * 10],
      ['above it: the whole request at long-context prices', 1001, Math.floor(1001 * 2.5 + 100 * 15 + 0.5)],
    ])('%s', async (_name, prompt, expected) => {
      const route = await gw.route([{ kind: 'openai', behaviour: { usage: { prompt, completion: 100 } } }], LONG);
      const u = await gw.user({ creditsUsd: 1 });
      const { response } = await u.openai.chat.completions.create({ model: route.model, messages: ask }).withResponse();
      expect((await charged(u, response.headers.get('x-request-id')!)).micros).toBe(expected);
    });
  });

  it('says a count is estimated when the provider reported no usage', async () => {
    const route = await gw.route([{ kind: 'openai', behaviour: { usage: null } }], GPT);
    const u = await gw.user({ creditsUsd: 1 });
    const { response } = await u.openai.chat.completions.create({ model: route.model, messages: ask }).withResponse();
    const { row, micros } = await charged(u, response.headers.get('x-request-id')!);
    expect(row).toMatchObject({ usageSource: 'estimated', cacheReadTokens: 0 });
    expect(row.promptTokens).toBeGreaterThan(0);
    expect(micros).toBe(Math.floor((row.promptTokens * 1.25e6 + row.completionTokens * 10e6 + 500_000) / 1e6));
  });

  it('records what caching saved, and sums it per day', async () => {
    const route = await gw.route([{ kind: 'anthropic', behaviour: ANTHROPIC_CACHED }], SONNET);
    const u = await gw.user({ creditsUsd: 1 });
    const { response } = await u.anthropic.messages.create({ model: route.model, max_tokens: 100, messages: ask }).withResponse();
    // 1,000 cache reads at 3 instead of 0.3 USD per MTok
    expect((await charged(u, response.headers.get('x-request-id')!)).row.cacheSavingsUsd).toBe(0.0027);
    const byDay = await u.client.get('/api/v1/users/me/usage?groupBy=day');
    expect(byDay.body.items).toEqual([expect.objectContaining({ cacheReadTokens: 1000, cacheWriteTokens: 200, cacheSavingsUsd: 0.0027 })]);
  });

  it('shows the token kinds in the CSV, and every balance still equals its ledger', async () => {
    const route = await gw.route([{ kind: 'anthropic', behaviour: ANTHROPIC_CACHED }], SONNET);
    const u = await gw.user({ creditsUsd: 1 });
    await u.anthropic.messages.create({ model: route.model, max_tokens: 100, messages: ask });
    await gw.onlyUsageRow(u);
    const csv = await u.client.get('/api/v1/users/me/usage.csv');
    const [header, line] = String(csv.body).trim().split('\n');
    const columns = header.split(',');
    const value = (name: string) => line.split(',')[columns.indexOf(name)];
    expect(value('cacheReadTokens')).toBe('1000');
    expect(value('cacheWriteTokens')).toBe('200');
    expect(await ledgerMismatches(t.databaseUrl)).toEqual([]);
  });
});
