/**
 * OpenTelemetry: the built gateway with OTEL_EXPORTER_OTLP_ENDPOINT set exports its spans to an
 * OTLP/HTTP receiver the test runs. A streamed request that fails over shows the caller's trace
 * continued: the gateway's span with the GenAI attributes (public model, provider, tokens by
 * kind, cost), one span per attempt, and `traceparent` sent upstream from each attempt's span.
 * The management API, its database queries and jobs have spans from the standard instrumentations.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, waitFor } from '@gateway/testing';
import { DEFAULT_TEXT } from '../support/fake-upstream';
import { startGatewayProcess, type GatewayProcess } from '../support/gateway-process';
import { OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { Gateway } from '../gateway/gateway-fixture';
import { login } from '../support/http';

const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

describe('OpenTelemetry traces (OTLP/HTTP)', () => {
  let receiver: OtlpReceiver;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataDir: string;
  let gp: GatewayProcess;
  let gw: Gateway;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'gw-otel-'));
    gp = await startGatewayProcess({ DATABASE_URL: db.url, DATA_DIR: dataDir, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100' });
    gw = await new Gateway({ url: gp.url, adminEmail: 'admin@example.com', adminPassword: 'admin-password-123' }).init();
  }, 90_000);

  afterAll(async () => {
    await gw?.close();
    await gp?.kill();
    await receiver?.close();
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const inTrace = (traceId: string) => receiver.spans.filter((s) => s.traceId === traceId);
  const spansWhere = (traceId: string, test: (s: ReceivedSpan) => boolean, count = 1): Promise<ReceivedSpan[]> =>
    waitFor(() => {
      const found = inTrace(traceId).filter(test);
      return found.length >= count ? found : null;
    }, 10_000) as Promise<ReceivedSpan[]>;
  const firstSpan = (test: (s: ReceivedSpan) => boolean): Promise<ReceivedSpan> => waitFor(() => receiver.spans.find(test), 10_000) as Promise<ReceivedSpan>;

  it('continues the caller’s trace through a failed-over stream: the request span, one span per attempt, traceparent upstream', async () => {
    const route = await gw.route([
      { kind: 'openai', behaviour: { failStatus: 500 }, upstreamModel: 'first-upstream' },
      { kind: 'anthropic', upstreamModel: 'second-upstream' },
    ]);
    const [first, second] = route.providers.map((p) => p.fake!);
    const u = await gw.user();
    const traceId = hex(16);
    const callerSpan = hex(8);
    const stream = await u.openai.chat.completions
      .create(
        { model: route.model, messages: [{ role: 'user', content: 'Say hello' }], stream: true, stream_options: { include_usage: true } },
        { headers: { traceparent: `00-${traceId}-${callerSpan}-01` } },
      )
      .withResponse();
    let text = '';
    for await (const chunk of stream.data) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe(DEFAULT_TEXT);
    const requestId = stream.response.headers.get('x-request-id')!;
    const row = await gw.usageRow(u, requestId);

    const [request] = await spansWhere(traceId, (s) => s.kind === SERVER && s.attributes['gateway.request_id'] === requestId);
    expect(request).toMatchObject({ service: 'llm-gateway', parentSpanId: callerSpan, name: `chat ${route.model}`, status: 0 });
    expect(request.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': route.model,
      'gen_ai.response.model': 'second-upstream',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.stream': true,
      'gen_ai.usage.input_tokens': row.promptTokens,
      'gen_ai.usage.output_tokens': row.completionTokens,
      'gen_ai.usage.cache_read.input_tokens': row.cacheReadTokens,
      'gen_ai.usage.reasoning.output_tokens': row.reasoningTokens,
      'gateway.cost_usd': row.costUsd,
      'gateway.attempts': 2,
      'http.response.status_code': 200,
      'gateway.user_id': u.id,
      'gateway.key_id': u.keyId,
    });
    expect(request.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);

    const attempts = await spansWhere(traceId, (s) => s.kind === CLIENT && s.parentSpanId === request.spanId, 2);
    attempts.sort((a, b) => Number(a.attributes['gateway.attempt']) - Number(b.attributes['gateway.attempt']));
    expect(attempts.map((a) => [a.name, a.attributes['gen_ai.provider.name'], a.attributes['gen_ai.request.model'], a.attributes['http.response.status_code'], a.status])).toEqual([
      ['chat first-upstream', 'openai', 'first-upstream', 500, ERROR],
      ['chat second-upstream', 'anthropic', 'second-upstream', 200, 0],
    ]);
    expect(attempts[0].attributes['error.type']).toEqual(expect.any(String));
    expect(attempts[0].attributes['server.address']).toBe('127.0.0.1');

    // Each upstream was called inside its attempt's span, in the caller's trace.
    expect(first.requests[0].headers.traceparent).toBe(`00-${traceId}-${attempts[0].spanId}-01`);
    expect(second.requests[0].headers.traceparent).toBe(`00-${traceId}-${attempts[1].spanId}-01`);
    // The providers' keys reach no exported span, not even through an error message.
    expect(receiver.bodies.join('\n')).not.toContain('sk-upstream-');
  }, 60_000);

  it('starts a trace of its own without a traceparent, and marks a refused request', async () => {
    const route = await gw.route([{ kind: 'mock' }]);
    const u = await gw.user({ creditsUsd: 0 });
    const res = await fetch(`${gp.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${u.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: route.model, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(402);
    const requestId = res.headers.get('x-request-id')!;
    const span = await firstSpan((s) => s.attributes['gateway.request_id'] === requestId);
    expect(span.parentSpanId).toBe('');
    expect(span.attributes).toMatchObject({ 'gen_ai.request.model': route.model, 'http.response.status_code': 402, 'error.type': '402', 'gateway.cost_usd': 0 });
    expect(receiver.spans.filter((s) => s.parentSpanId === span.spanId)).toEqual([]);
  }, 30_000);

  it('traces the management API with its database queries, and jobs', async () => {
    const traceId = hex(16);
    const { accessToken } = await login(gp.url, 'admin@example.com', 'admin-password-123');
    const res = await fetch(`${gp.url}/api/v1/models`, { headers: { authorization: `Bearer ${accessToken}`, traceparent: `00-${traceId}-${hex(8)}-01` } });
    expect(res.status).toBe(200);
    const [server] = await spansWhere(traceId, (s) => s.kind === SERVER);
    expect(server).toMatchObject({ service: 'llm-gateway' });
    expect(server.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.response.status_code': 200 });
    // Its database queries, beneath it in the same trace.
    const queries = await spansWhere(traceId, (s) => s.kind === CLIENT && /postgres/.test(String(s.attributes['db.system.name'] ?? s.attributes['db.system'] ?? '')));
    expect(queries.length).toBeGreaterThan(0);

    // A job (here in process, without Redis) has a span of its own.
    const today = new Date().toISOString().slice(0, 10);
    expect((await gw.admin.post('/api/v1/admin/usage/aggregate', { from: today, to: today })).status).toBe(202);
    const job = await firstSpan((s) => s.name === 'job usage-aggregate');
    expect(job.attributes).toMatchObject({ 'messaging.destination.name': 'usage-aggregate' });
  }, 30_000);
});
