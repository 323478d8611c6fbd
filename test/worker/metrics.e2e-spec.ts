import { spawnSync } from 'node:child_process';
import { chat, mockSetup } from '../support/gateway-setup';
import { startTestApp, TestApp } from '../support/test-app';

const promtool = spawnSync('promtool', ['--version']).status === 0;

describe('GET /metrics on the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN: 'scrape-secret' } });
  });
  afterAll(() => t.close());

  const scrape = async () => (await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer scrape-secret' } })).text();
  const value = (text: string, line: RegExp) => Number(text.match(line)?.[1] ?? 0);

  it('needs the metrics token when one is set', async () => {
    expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('moves request, token, cost, latency, overhead and limit metrics after gateway requests, with bounded labels', async () => {
    const s = await mockSetup(t, { creditsUsd: 1, key: { rpm: 2 } });
    const requests = new RegExp(`gateway_requests_total\\{model="${s.model}",provider="[^"]+",endpoint="/v1/chat/completions",status="200",stream="false"\\} (\\d+)`);
    const before = await scrape();
    for (let i = 0; i < 3; i++) await (await chat(t.url, s.key, { model: s.model, messages: [{ role: 'user', content: 'count me' }] })).text();
    const after = await scrape();
    expect(value(after, requests) - value(before, requests)).toBe(2);
    expect(value(after, /gateway_rate_limited_total\{reason="rpm"\} (\d+)/)).toBeGreaterThanOrEqual(1);
    expect(value(after, new RegExp(`gateway_tokens_total\\{model="${s.model}",provider="[^"]+",direction="out"\\} (\\d+)`))).toBeGreaterThan(0);
    expect(value(after, new RegExp(`gateway_cost_usd_total\\{model="${s.model}",provider="[^"]+"\\} ([\\d.e-]+)`))).toBeGreaterThan(0);
    expect(after).toMatch(/gateway_request_duration_seconds_bucket\{le="[\d.]+",model="[^"]+"/);
    expect(after).toMatch(/gateway_overhead_seconds_count\{endpoint="\/v1\/chat\/completions"\} \d+/);
    expect(after).toContain('gateway_queue_jobs{queue="usage-aggregate"');
    expect(after).toMatch(/^gateway_settlements_unconfirmed \d+$/m);
    // Never a user, a key or a request id in a label.
    expect(after).not.toContain(s.user.id);
    expect(after).not.toContain(s.keyId);
  });

  (promtool || process.env.CI ? it : it.skip)('passes promtool check metrics', async () => {
    const text = await scrape();
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect({ status: check.status, problems: check.stdout + check.stderr }).toEqual({ status: 0, problems: '' });
  });
});
