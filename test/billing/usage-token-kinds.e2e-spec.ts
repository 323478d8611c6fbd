/**
 * The token kinds and what caching saved, through the real gateway into every report: the admin
 * summary, costs, leaderboard and stats, the CSV (new columns at the end), and records settled
 * before the token kinds existed.
 */
import { randomUUID } from 'node:crypto';
import { CREDIT_GATE, UsageWriter, type CreditGate, type UsageRecord } from '@gateway/billing';
import { Gateway, privateDataDir, type Route, type UserKey } from '../gateway/gateway-fixture';
import { sql } from '../support/gateway-setup';
import { startTestApp, type TestApp } from '../support/test-app';

const SONNET = { inputPriceUsdPerMTok: 3, outputPriceUsdPerMTok: 15, prices: { cacheReadPriceUsdPerMTok: 0.3, cacheWritePriceUsdPerMTok: 3.75 } };
const GPT = { inputPriceUsdPerMTok: 1.25, outputPriceUsdPerMTok: 10, prices: { cacheReadPriceUsdPerMTok: 0.125 } };
const ask = [{ role: 'user' as const, content: 'Summarise the cached document' }];
/** 1,000 cache reads at 3 instead of 0.3 USD per MTok; at 1.25 instead of 0.125. */
const SAVED_ANTHROPIC = 0.0027;
const SAVED_OPENAI = 0.001125;

const LEGACY_COLUMNS = 'createdAt,requestId,keyId,model,provider,upstreamModel,endpoint,stream,status,promptTokens,completionTokens,costUsd,latencyMs,ttftMs,error';

describe('usage reports by token kind (fake upstreams)', () => {
  let t: TestApp;
  let gw: Gateway;
  let claude: Route;
  let gpt: Route;
  let cached: UserKey;
  let plain: UserKey;

  beforeAll(async () => {
    t = await startTestApp({ env: { DATA_DIR: privateDataDir() } });
    gw = await new Gateway(t).init();
    claude = await gw.route([{ kind: 'anthropic', behaviour: { usage: { prompt: 50, completion: 20 }, cacheRead: 1000, cacheWrite: 200 } }], SONNET);
    gpt = await gw.route([{ kind: 'openai', behaviour: { usage: { prompt: 1200, completion: 20 }, cachedTokens: 1000, reasoningTokens: 8 } }], GPT);
    const silent = await gw.route([{ kind: 'openai', behaviour: { usage: null } }], GPT);
    cached = await gw.user({ creditsUsd: 1 });
    plain = await gw.user({ creditsUsd: 1 });
    await cached.anthropic.messages.create({ model: claude.model, max_tokens: 100, messages: ask });
    await cached.openai.chat.completions.create({ model: gpt.model, messages: ask });
    await plain.openai.chat.completions.create({ model: silent.model, messages: ask });
    await waitForRows(3);
  });
  afterAll(async () => {
    await gw.close();
    await t.close();
  });

  async function waitForRows(n: number): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const [{ count }] = await sql(t.databaseUrl, 'SELECT count(*)::int AS count FROM usage_logs');
      if (count >= n) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`fewer than ${n} usage rows`);
  }

  it('shows each request its token kinds, source and savings, still hiding the provider from users', async () => {
    const mine = (await cached.client.get('/api/v1/users/me/usage')).body.items;
    expect(mine.find((r: any) => r.model === claude.model)).toMatchObject({
      provider: null, upstreamModel: null, cacheReadTokens: 1000, cacheWriteTokens: 200, reasoningTokens: 0, usageSource: 'reported', cacheSavingsUsd: SAVED_ANTHROPIC,
    });
    expect(mine.find((r: any) => r.model === gpt.model)).toMatchObject({ cacheReadTokens: 1000, cacheWriteTokens: 0, reasoningTokens: 8, cacheSavingsUsd: SAVED_OPENAI });
    const [estimated] = (await plain.client.get('/api/v1/users/me/usage')).body.items;
    expect(estimated).toMatchObject({ usageSource: 'estimated', cacheReadTokens: 0, cacheSavingsUsd: 0 });
  });

  it('sums them per model for the user and in the admin costs', async () => {
    const byModel = (await cached.client.get('/api/v1/users/me/usage?groupBy=model')).body.items;
    expect(byModel).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ group: claude.model, cacheReadTokens: 1000, cacheWriteTokens: 200, reasoningTokens: 0, cacheSavingsUsd: SAVED_ANTHROPIC }),
        expect.objectContaining({ group: gpt.model, cacheReadTokens: 1000, cacheWriteTokens: 0, reasoningTokens: 8, cacheSavingsUsd: SAVED_OPENAI }),
      ]),
    );
    const costs = await gw.admin.get('/api/v1/admin/costs?groupBy=model');
    expect(costs.body.items.find((i: any) => i.group === claude.model)).toMatchObject({ cacheReadTokens: 1000, cacheWriteTokens: 200, cacheSavingsUsd: SAVED_ANTHROPIC });
  });

  it('totals them in the admin summary, leaderboard and stats', async () => {
    const summary = (await gw.admin.get('/api/v1/admin/usage/summary')).body;
    expect(summary).toMatchObject({ requests: 3, cacheReadTokens: 2000, cacheWriteTokens: 200, reasoningTokens: 8 });
    expect(summary.cacheSavingsUsd).toBeCloseTo(SAVED_ANTHROPIC + SAVED_OPENAI, 9);
    expect(summary.byDay[0]).toMatchObject({ cacheReadTokens: 2000, cacheWriteTokens: 200, reasoningTokens: 8 });

    const board = (await gw.admin.get('/api/v1/admin/usage/leaderboard')).body.items;
    expect(board.find((r: any) => r.userId === cached.id)).toMatchObject({ requests: 2, cacheReadTokens: 2000, cacheWriteTokens: 200, reasoningTokens: 8 });
    expect(board.find((r: any) => r.userId === plain.id)).toMatchObject({ requests: 1, cacheReadTokens: 0, cacheSavingsUsd: 0 });

    const stats = (await gw.admin.get('/api/v1/admin/stats')).body;
    expect(stats.cacheReadTokensToday).toBe(2000);
    expect(stats.cacheSavingsTodayUsd).toBeCloseTo(SAVED_ANTHROPIC + SAVED_OPENAI, 9);
  });

  it('appends the new CSV columns after the existing ones', async () => {
    const csv = String((await cached.client.get(`/api/v1/users/me/usage.csv?model=${claude.model}`)).body).trim().split('\n');
    expect(csv[0]).toBe(`${LEGACY_COLUMNS},cacheReadTokens,cacheWriteTokens,reasoningTokens,usageSource,cacheSavingsUsd,teamId,userId,keyName`);
    expect(csv[1].split(',').slice(-8, -3)).toEqual(['1000', '200', '0', 'reported', String(SAVED_ANTHROPIC)]);
    const estimated = String((await plain.client.get('/api/v1/users/me/usage.csv')).body).trim().split('\n');
    expect(estimated[1].split(',').slice(-8, -3)).toEqual(['0', '0', '0', 'estimated', '0']);
  });

  it('writes a record settled before the token kinds existed with zeros, as reported', async () => {
    const gate = t.app.get<CreditGate>(CREDIT_GATE);
    const requestId = randomUUID();
    const admitted = { requestId, accountId: plain.id, keyId: null, rpm: 0, tpm: 0, holdMicros: 100, keyBudget: null, accountBudget: null };
    expect(await gate.admit(admitted)).toMatchObject({ ok: true });
    const legacy = {
      requestId, userId: plain.id, keyId: null, tier: 'free', model: 'old', providerId: null, provider: null, upstreamModel: null,
      endpoint: '/v1/chat/completions', stream: false, status: 200, promptTokens: 10, completionTokens: 5, costMicros: 50,
      latencyMs: 1, ttftMs: null, attempts: 1, error: null, createdAt: Date.now(),
    } as unknown as UsageRecord;
    await gate.settle({ ...admitted, holdMicros: 100 }, legacy, 15);
    await t.app.get(UsageWriter).drain();
    const rows = await sql(
      t.databaseUrl,
      'SELECT cache_read_tokens, cache_write_tokens, reasoning_tokens, usage_source, cache_savings_micros::int, cost_micros::int FROM usage_logs WHERE request_id = $1',
      [requestId],
    );
    expect(rows).toEqual([{ cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0, usage_source: 'reported', cache_savings_micros: 0, cost_micros: 50 }]);
  });
});
