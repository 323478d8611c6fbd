/**
 * A shadow model does not reveal its supplier: whatever a non-admin caller receives (answer
 * bodies, stream events, headers, error messages, the model catalogue) names the public model,
 * never the provider or the upstream model; and a provider key an upstream echoes in its error
 * reaches neither the caller nor the usage row.
 */
import OpenAI from 'openai';
import { api } from '../support/http';
import type { FakeUpstream } from '../support/fake-upstream';
import { startTestApp, type TestApp } from '../support/test-app';
import { Gateway, privateDataDir, type UserKey } from './gateway-fixture';

jest.setTimeout(30_000);

const PROVIDER = 'acme-anthropic-prod';
const UPSTREAM = 'claude-sonnet-4-5-20250929';
const PUBLIC = 'house-writer';
const SECRETS = [PROVIDER, UPSTREAM];

const message = { model: PUBLIC, max_tokens: 100, messages: [{ role: 'user', content: 'Hello' }] };
const chat = { model: PUBLIC, messages: [{ role: 'user', content: 'Hello' }] };
const responses = { model: PUBLIC, input: 'Hello' };

/** Everything a caller received: status line aside, each header and the whole body text. */
async function received(res: Response): Promise<{ status: number; text: string }> {
  const headers: string[] = [];
  res.headers.forEach((value, name) => headers.push(`${name}: ${value}`));
  return { status: res.status, text: `${headers.join('\n')}\n\n${await res.text()}` };
}

function expectNoSupplier(text: string) {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('gateway: public model names only (fake upstreams)', () => {
  let t: TestApp;
  let gw: Gateway;
  let fake: FakeUpstream;
  let u: UserKey;
  let post: (path: string, body: unknown, stream?: boolean) => Promise<{ status: number; text: string }>;

  beforeAll(async () => {
    t = await startTestApp({ env: { DATA_DIR: privateDataDir() } });
    gw = await new Gateway(t).init();
    fake = await gw.fake('anthropic');
    const provider = await gw.admin.post('/api/v1/providers', { name: PROVIDER, type: 'anthropic', baseUrl: fake.baseUrl, apiKey: 'sk-ant-upstream-secret-5678' });
    expect(provider.status).toBe(201);
    const model = await gw.admin.post('/api/v1/models', { name: PUBLIC, targets: [{ providerId: provider.body.id, upstreamModel: UPSTREAM }], inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 2 });
    expect(model.status).toBe(201);
    u = await gw.user();
    post = async (path, body, stream = false) =>
      received(
        await fetch(`${t.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${u.key}` },
          body: JSON.stringify(stream ? { ...(body as object), stream: true } : body),
        }),
      );
  });
  afterEach(() => fake.behave({}));
  afterAll(async () => {
    await gw.close();
    await t.close();
  });

  it.each([
    ['/v1/messages (passthrough)', '/v1/messages', message],
    ['/v1/chat/completions (translated)', '/v1/chat/completions', chat],
    ['/v1/responses (translated)', '/v1/responses', responses],
    ['/v1/messages/count_tokens', '/v1/messages/count_tokens', { model: PUBLIC, messages: message.messages }],
  ])('%s: the answer and its headers name only the public model', async (_label, path, body) => {
    const plain = await post(path, body);
    expect(plain.status).toBe(200);
    expectNoSupplier(plain.text);
    if (path.endsWith('count_tokens')) return;
    expect(plain.text).toContain(`"model":"${PUBLIC}"`);
    const streamed = await post(path, body, true);
    expect(streamed.status).toBe(200);
    expect(streamed.text).toContain(PUBLIC);
    expectNoSupplier(streamed.text);
  });

  it('names neither in the upstream answer events, thinking streams included', async () => {
    const streamed = await post('/v1/messages', { ...message, max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 1024 } }, true);
    expect(streamed.text).toContain('signature_delta');
    expectNoSupplier(streamed.text);
    const chatStream = await post('/v1/chat/completions', { ...chat, reasoning_effort: 'low', stream_options: { include_usage: true } }, true);
    expect(chatStream.text).toContain('reasoning_content');
    expectNoSupplier(chatStream.text);
  });

  it.each([
    [400, `max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for ${UPSTREAM} (${PROVIDER})`],
    [500, `Internal error serving ${UPSTREAM} on ${PROVIDER}`],
    [529, `${PROVIDER} is overloaded for ${UPSTREAM}`],
  ])('an upstream %i whose message names the upstream model and provider reaches no caller with either', async (status, failMessage) => {
    fake.behave({ failStatus: status, failMessage });
    for (const [path, body] of [
      ['/v1/messages', message],
      ['/v1/chat/completions', chat],
      ['/v1/responses', responses],
    ] as const) {
      for (const stream of [false, true]) {
        const res = await post(path, body, stream);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expectNoSupplier(res.text);
      }
    }
    const count = await post('/v1/messages/count_tokens', { model: PUBLIC, messages: message.messages });
    expectNoSupplier(count.text);
  });

  it('an error event inside a stream names neither', async () => {
    fake.behave({ streamErrorAfter: 2, chunkDelayMs: 20, failMessage: `${UPSTREAM} at ${PROVIDER} is overloaded` });
    for (const [path, body] of [
      ['/v1/messages', message],
      ['/v1/chat/completions', chat],
      ['/v1/responses', responses],
    ] as const) {
      const res = await post(path, body, true);
      // The stream had begun: the error comes as an event in it.
      expect(res.status).toBe(200);
      expect(res.text).toContain('Hello from');
      expect(res.text).toContain('overloaded');
      expectNoSupplier(res.text);
    }
  });

  it('the model catalogue shows targets to admins only', async () => {
    for (const path of ['/api/v1/models', `/api/v1/models/${(await gw.admin.get('/api/v1/models')).body.find((m: any) => m.name === PUBLIC).id}`]) {
      const mine = await u.client.get(path);
      expect(mine.status).toBe(200);
      expect(JSON.stringify(mine.body)).toContain(PUBLIC);
      expectNoSupplier(JSON.stringify(mine.body));
      const admin = await gw.admin.get(path);
      expect(JSON.stringify(admin.body)).toContain(UPSTREAM);
      expect(JSON.stringify(admin.body)).toContain(PROVIDER);
    }
    for (const path of ['/v1/models', `/v1/models/${PUBLIC}`]) {
      const listed = await api(t.url, u.key).get(path);
      expect(listed.status).toBe(200);
      expect(JSON.stringify(listed.body)).toContain(PUBLIC);
      expectNoSupplier(JSON.stringify(listed.body));
    }
  });

  it('an upstream 401 echoing the provider key reaches neither the caller nor the usage row', async () => {
    const key = 'sk-upstream-openai-secret-1234';
    const failMessage = `Incorrect API key provided: ${key}. You can find your API key in your account settings.`;
    const route = await gw.route([{ kind: 'openai', apiKey: key, behaviour: { failStatus: 401, failMessage } }]);
    const caller = await gw.user();
    const res = await fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${caller.key}` },
      body: JSON.stringify({ model: route.model, messages: [{ role: 'user', content: 'x' }] }),
    });
    const seen = await received(res);
    expect(seen.status).toBeGreaterThanOrEqual(400);
    expect(seen.text).not.toContain('sk-upstream');
    // Not the caller's key that failed: the SDK must not take it for its own 401.
    expect(seen.status).not.toBe(401);
    const row = await gw.usageRow(caller, res.headers.get('x-request-id')!);
    expect(row.error).toBeTruthy();
    expect(row.error).not.toContain('sk-upstream');

    const masked = await gw.route([{ kind: 'openai', apiKey: key, behaviour: { failStatus: 401, failMessage: 'Incorrect API key provided: sk-upstr**********1234.' } }]);
    const sdkError = await caller.openai.chat.completions.create({ model: masked.model, messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(sdkError).toBeInstanceOf(OpenAI.APIError);
    expect(JSON.stringify(sdkError.error)).not.toMatch(/sk-upstr/);
  });
});
