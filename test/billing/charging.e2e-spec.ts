import { ledgerMismatches, chat, mockSetup, sql, usageRows } from '../support/gateway-setup';
import { startTestApp, TestApp } from '../support/test-app';

const hello = [{ role: 'user', content: 'Tell me something about gateways please' }];

describe.each([
  ['in-process state', false],
  ['Redis', true],
])('charging with %s', (_name, redis) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ redis });
  });
  afterAll(() => t.close());

  it('charges a non-stream request exactly usage × price, once, in ledger, usage row and balance', async () => {
    const s = await mockSetup(t, { inputPrice: 3, outputPrice: 15, creditsUsd: 1 });
    const res = await chat(t.url, s.key, { model: s.model, messages: hello });
    expect(res.status).toBe(200);
    const body = await res.json();
    const expected = Math.floor((body.usage.prompt_tokens * 3_000_000 + body.usage.completion_tokens * 15_000_000 + 500_000) / 1_000_000);
    expect(expected).toBeGreaterThan(0);
    const [row] = await usageRows(t.databaseUrl, s.user.id, 1);
    expect(row).toMatchObject({ request_id: res.headers.get('x-request-id'), status: 200, stream: false, prompt_tokens: body.usage.prompt_tokens, completion_tokens: body.usage.completion_tokens, cost_micros: String(expected), key_id: s.keyId, provider: expect.any(String), upstream_model: 'mock-small' });
    const charges = await sql(t.databaseUrl, "SELECT amount_micros FROM ledger_entries WHERE user_id = $1 AND type = 'charge'", [s.user.id]);
    expect(charges).toEqual([{ amount_micros: String(-expected) }]);
    const credits = await s.user.client.get('/api/v1/users/me/credits');
    expect(credits.body.balanceUsd).toBeCloseTo(1 - expected / 1e6, 6);
    expect(credits.body.history.map((h: { type: string }) => h.type)).toEqual(['charge', 'grant']);
    expect(await ledgerMismatches(t.databaseUrl)).toEqual([]);
  });

  it('charges a stream from its final usage, and the key quota counts it', async () => {
    const s = await mockSetup(t, { creditsUsd: 1, key: { quotaUsd: 1 } });
    const res = await chat(t.url, s.key, { model: s.model, messages: hello, stream: true, stream_options: { include_usage: true } });
    const text = await res.text();
    const usage = JSON.parse(text.split('\n').filter((l) => l.startsWith('data: {')).map((l) => l.slice(6)).find((l) => l.includes('"usage":{'))!).usage;
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    const expected = Math.floor((usage.prompt_tokens * 1_000_000 + usage.completion_tokens * 2_000_000 + 500_000) / 1_000_000);
    const [row] = await usageRows(t.databaseUrl, s.user.id, 1);
    expect(row).toMatchObject({ stream: true, status: 200, cost_micros: String(expected), completion_tokens: usage.completion_tokens });
    expect(row.ttft_ms).not.toBeNull();
    const key = await s.user.client.get(`/api/v1/keys/${s.keyId}`);
    expect(key.body.quotaUsedUsd).toBeCloseTo(expected / 1e6, 6);
  });

  it('charges an aborted stream for the tokens it delivered', async () => {
    const s = await mockSetup(t, { creditsUsd: 1, headers: { 'x-mock-latency-ms': '40' } });
    const controller = new AbortController();
    const res = await chat(t.url, s.key, { model: s.model, messages: hello, stream: true, max_tokens: 200 }, {});
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('data: ');
    await reader.cancel();
    controller.abort();
    const [row] = await usageRows(t.databaseUrl, s.user.id, 1);
    expect(row.status).toBe(499);
    expect(row.prompt_tokens).toBeGreaterThan(0);
    expect(Number(row.cost_micros)).toBe(Math.floor((row.prompt_tokens * 1_000_000 + row.completion_tokens * 2_000_000 + 500_000) / 1_000_000));
    expect(Number(row.cost_micros)).toBeGreaterThan(0);
    const charges = await sql(t.databaseUrl, "SELECT amount_micros FROM ledger_entries WHERE user_id = $1 AND type = 'charge'", [s.user.id]);
    expect(charges).toEqual([{ amount_micros: String(-Number(row.cost_micros)) }]);
  });

  it('refuses with 402 when credits run out and when the key quota is spent', async () => {
    const broke = await mockSetup(t, {});
    const res = await chat(t.url, broke.key, { model: broke.model, messages: hello });
    expect(res.status).toBe(402);
    expect((await res.json()).error).toMatchObject({ type: 'insufficient_quota', code: 'insufficient_credits' });

    const capped = await mockSetup(t, { creditsUsd: 10, inputPrice: 1000, outputPrice: 1000, key: { quotaUsd: 0.0001 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await chat(t.url, capped.key, { model: capped.model, messages: hello, max_tokens: 20 });
      statuses.push(r.status);
      if (r.status === 402) expect((await r.json()).error.code).toBe('key_quota_exceeded');
      else await r.text();
    }
    expect(statuses[0]).toBe(200);
    expect(statuses).toContain(402);
  });

  it('never lets 50 parallel requests push a balance below zero by more than one request', async () => {
    // Each request costs ~0.0001 $; the balance covers about 3 of them.
    const s = await mockSetup(t, { inputPrice: 1, outputPrice: 2 });
    const probe = await mockSetup(t, { inputPrice: 1, outputPrice: 2, creditsUsd: 1 });
    const one = await (await chat(t.url, probe.key, { model: probe.model, messages: hello, max_tokens: 40 })).json();
    const cost = Math.floor((one.usage.prompt_tokens * 1_000_000 + one.usage.completion_tokens * 2_000_000 + 500_000) / 1_000_000);
    await s.admin.post('/api/v1/admin/credits/grant', { userId: s.user.id, amountUsd: (cost * 3) / 1e6 });

    const results = await Promise.all(Array.from({ length: 50 }, () => chat(t.url, s.key, { model: s.model, messages: hello, max_tokens: 40 }).then(async (r) => (await r.text(), r.status))));
    const ok = results.filter((x) => x === 200).length;
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(ok).toBeLessThanOrEqual(4);
    expect(results.filter((x) => x !== 200).every((x) => x === 402)).toBe(true);
    await usageRows(t.databaseUrl, s.user.id, 50);
    const [{ balance_micros }] = await sql(t.databaseUrl, 'SELECT balance_micros FROM users WHERE id = $1', [s.user.id]);
    expect(Number(balance_micros)).toBeGreaterThanOrEqual(-cost);
    expect(await ledgerMismatches(t.databaseUrl)).toEqual([]);
  });
});
