/**
 * Same-format OpenAI streams pass as bytes: whatever the upstream's read boundaries (inside
 * an event, inside a character), the caller receives the upstream's stream byte for byte but
 * for the public model's name, SSE comments included; the usage chunk the gateway asked for
 * is still read (and dropped when the caller did not ask), and every stream is charged.
 */
import { connect } from 'node:net';
import { startTestApp, type TestApp } from '../support/test-app';
import type { FakeUpstream } from '../support/fake-upstream';
import { Gateway, privateDataDir, type Route, type UserKey } from './gateway-fixture';

jest.setTimeout(30_000);

const UPSTREAM = 'gpt-upstream-bytes';
const TEXT = 'Grüße aus Köln 🙂, über viele kleine Stücke geschickt — ça va?';

describe('gateway: OpenAI streams as bytes (fake upstream, writes cut anywhere)', () => {
  let t: TestApp;
  let gw: Gateway;
  let route: Route;
  let fake: FakeUpstream;
  let u: UserKey;

  beforeAll(async () => {
    t = await startTestApp({ env: { DATA_DIR: privateDataDir() } });
    gw = await new Gateway(t).init();
    route = await gw.route([{ kind: 'openai', upstreamModel: UPSTREAM, behaviour: { text: TEXT, pieceWords: 1 } }]);
    fake = route.providers[0].fake!;
    u = await gw.user();
  });
  afterAll(async () => {
    await gw.close();
    await t.close();
  });
  afterEach(() => fake.behave({ text: TEXT, pieceWords: 1 }));

  const stream = async (extra: Record<string, unknown> = {}) => {
    const res = await fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${u.key}` },
      body: JSON.stringify({ model: route.model, messages: [{ role: 'user', content: 'Hallo' }], stream: true, ...extra }),
    });
    expect(res.status).toBe(200);
    return { body: await res.text(), requestId: res.headers.get('x-request-id')! };
  };
  const renamed = (text: string) => text.replaceAll(`"model":"${UPSTREAM}"`, `"model":"${route.model}"`);
  const contentOf = (body: string) =>
    body
      .split(/\r?\n\r?\n/)
      .filter((e) => e.startsWith('data: {'))
      .map((e) => JSON.parse(e.slice(6)).choices[0]?.delta?.content ?? '')
      .join('');

  it.each([3, 7, 64])('writes of %i bytes: the caller gets the upstream bytes, renamed, comments and usage chunk included', async (writeBytes) => {
    fake.behave({ text: TEXT, pieceWords: 1, writeBytes, keepAlive: true });
    const { body, requestId } = await stream({ stream_options: { include_usage: true } });
    const sent = fake.last('/v1/chat/completions')!.streamed!;
    expect(sent).toContain(`"model":"${UPSTREAM}"`);
    expect(body).toBe(renamed(sent));
    expect(body).toContain(': keep-alive\n\n');
    expect(body).not.toContain(UPSTREAM);
    expect(contentOf(body)).toBe(TEXT);
    expect(await gw.usageRow(u, requestId)).toMatchObject({ stream: true, status: 200, promptTokens: 21, completionTokens: 9, usageSource: 'reported' });
  });

  it('one upstream read reaches the caller as one HTTP chunk, the events it parsed (the usage chunk) in their place', async () => {
    // The whole stream in one write: one read at the gateway, then the end of the upstream's reply 1 ms later.
    fake.behave({ text: TEXT, pieceWords: 1, writeBytes: 1 << 20 });
    const { chunks, requestId } = await rawChunks({ stream_options: { include_usage: true } });
    const sent = fake.last('/v1/chat/completions')!.streamed!;
    // Everything the read held in one chunk (passed bytes and the re-framed usage chunk), then the gateway's
    // [DONE]: in a chunk of its own, or in the same one when the upstream's end came before that chunk left.
    const read = renamed(sent).replace('data: [DONE]\n\n', '');
    expect(chunks[0].slice(0, read.length)).toBe(read);
    expect(chunks.length).toBeLessThanOrEqual(2);
    expect(chunks.join('')).toBe(read + 'data: [DONE]\n\n');
    expect(await gw.usageRow(u, requestId)).toMatchObject({ promptTokens: 21, completionTokens: 9, usageSource: 'reported' });
  });

  const parseChunked = (text: string) => {
    const head = text.slice(0, text.indexOf('\r\n\r\n'));
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    expect(head.toLowerCase()).toContain('transfer-encoding: chunked');
    const chunks: string[] = [];
    for (let at = head.length + 4; ; ) {
      const eol = text.indexOf('\r\n', at);
      const size = parseInt(text.slice(at, eol), 16);
      if (size === 0) break;
      chunks.push(Buffer.from(text.slice(eol + 2, eol + 2 + size), 'latin1').toString('utf8'));
      at = eol + 2 + size + 2;
    }
    return { chunks, requestId: /x-request-id: (\S+)/i.exec(head)![1] };
  };

  /** The reply's body as the HTTP chunks it came in (a raw HTTP/1.1 exchange). */
  const rawChunks = (extra: Record<string, unknown>) =>
    new Promise<{ chunks: string[]; requestId: string }>((resolve, reject) => {
      const body = JSON.stringify({ model: route.model, messages: [{ role: 'user', content: 'Hallo' }], stream: true, ...extra });
      const socket = connect(Number(new URL(t.url).port), '127.0.0.1');
      const received: Buffer[] = [];
      socket.on('error', reject);
      // Read up to the last chunk (the reply keeps the connection open, as SSE replies do).
      socket.on('data', (b) => {
        received.push(b);
        const text = Buffer.concat(received).toString('latin1');
        if (!text.endsWith('\r\n0\r\n\r\n')) return;
        socket.destroy();
        try {
          resolve(parseChunked(text));
        } catch (e) {
          reject(e);
        }
      });
      socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${u.key}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });

  it('drops the usage chunk the gateway asked for when the caller did not, and still charges it', async () => {
    fake.behave({ text: TEXT, pieceWords: 1, writeBytes: 5 });
    const { body, requestId } = await stream();
    const sent = fake.last('/v1/chat/completions')!.streamed!;
    const usageEvent = sent.split('\n\n').find((e) => e.includes('"usage":{'))!;
    expect(usageEvent).toBeDefined();
    expect(body).toBe(renamed(sent.replace(`${usageEvent}\n\n`, '')));
    expect(await gw.usageRow(u, requestId)).toMatchObject({ promptTokens: 21, completionTokens: 9, usageSource: 'reported' });
  });

  it('CRLF framing goes through the SSE parser: same content, charged', async () => {
    fake.behave({ text: TEXT, pieceWords: 1, writeBytes: 3, crlf: true });
    const { body, requestId } = await stream({ stream_options: { include_usage: true } });
    expect(contentOf(body)).toBe(TEXT);
    expect(body).not.toContain(UPSTREAM);
    expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(await gw.usageRow(u, requestId)).toMatchObject({ promptTokens: 21, completionTokens: 9 });
  });

  it('counts the passed text itself when the upstream reports no usage, and says so on the row', async () => {
    fake.behave({ text: TEXT, pieceWords: 1, writeBytes: 11, usage: null });
    const { body, requestId } = await stream({ stream_options: { include_usage: true } });
    expect(contentOf(body)).toBe(TEXT);
    const row = await gw.usageRow(u, requestId);
    expect(row).toMatchObject({ usageSource: 'estimated', status: 200 });
    // The count covers the streamed text: about one token per word piece, not zero.
    expect(row.completionTokens).toBeGreaterThanOrEqual(10);
  });

  it('Anthropic: content events pass as bytes between the parsed ones; only message_start names the model, now the public one', async () => {
    const claude = await gw.route([{ kind: 'anthropic', upstreamModel: 'claude-upstream-bytes', behaviour: { text: TEXT, pieceWords: 1, writeBytes: 7, keepAlive: true } }]);
    const upstream = claude.providers[0].fake!;
    const res = await fetch(`${t.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': u.key, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: claude.model, max_tokens: 100, messages: [{ role: 'user', content: 'Hallo' }], stream: true }),
    });
    expect(res.status).toBe(200);
    const body = await res.text();
    const sent = upstream.last('/v1/messages')!.streamed!;
    expect(sent.match(/"model":"claude-upstream-bytes"/g)).toHaveLength(1);
    expect(body).toBe(sent.replace('"model":"claude-upstream-bytes"', `"model":"${claude.model}"`));
    expect(body).toContain(': keep-alive\n\n');
    const row = await gw.usageRow(u, res.headers.get('x-request-id')!);
    expect(row).toMatchObject({ stream: true, status: 200, promptTokens: 21, completionTokens: 9, usageSource: 'reported' });
  });

  it('Responses API: the delta events pass as bytes; the snapshots name the public model; usage from response.completed', async () => {
    fake.behave({ text: TEXT, pieceWords: 1, writeBytes: 9, keepAlive: true });
    const res = await fetch(`${t.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${u.key}` },
      body: JSON.stringify({ model: route.model, input: 'Hallo', stream: true }),
    });
    expect(res.status).toBe(200);
    const body = await res.text();
    const sent = fake.last('/v1/responses')!.streamed!;
    expect(sent).toContain(`"model":"${UPSTREAM}"`);
    expect(body).toBe(renamed(sent));
    expect(body).toContain(': keep-alive\n\n');
    const row = await gw.usageRow(u, res.headers.get('x-request-id')!);
    expect(row).toMatchObject({ stream: true, status: 200, promptTokens: 21, completionTokens: 9, usageSource: 'reported' });
  });
});
