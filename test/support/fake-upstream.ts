/**
 * A fake LLM provider for end-to-end tests: a real HTTP server on 127.0.0.1 speaking
 * OpenAI's API (`/v1/chat/completions`, `/v1/embeddings`, `/v1/models`) or Anthropic's
 * (`/v1/messages`, `/v1/models`), recording every request it receives, with switches
 * to misbehave the ways real providers do.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer, readBody } from './loopback-server';

export type FakeKind = 'openai' | 'anthropic';

export interface FakeBehaviour {
  /** The answer's text (streamed in pieces of `pieceWords` words). */
  text: string;
  pieceWords: number;
  /** Usage the fake reports; `null`: report none (the gateway must count it). */
  usage: { prompt: number; completion: number } | null;
  /** When the request offers tools, call the first one with these arguments. */
  toolArguments: Record<string, unknown>;
  /** Answer every request with this status (and an error body in the upstream's format). */
  failStatus?: number;
  failMessage?: string;
  /** Only the first `failTimes` requests fail (default: all). */
  failTimes?: number;
  /** Wait this long before sending the response headers. */
  headerDelayMs: number;
  /** Wait this long between stream events. */
  chunkDelayMs: number;
  /** Inside a 200 stream, send an error event before any content. */
  streamErrorFirst: boolean;
  /** Inside a 200 stream, send an error event after this many content pieces. */
  streamErrorAfter?: number;
  /** Destroy the socket after this many content pieces were sent. */
  cutAfter?: number;
  /** Never answer (the socket stays open until the client gives up). */
  hang: boolean;
  /** Model ids for `GET /v1/models`. */
  models: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
  /** The client closed the connection before the fake finished its answer. */
  closedEarly: boolean;
  /** The fake finished its answer normally. */
  completed: boolean;
}

export const DEFAULT_TEXT = 'Hello from the fake upstream, streamed in several small pieces.';

const defaults = (): FakeBehaviour => ({
  text: DEFAULT_TEXT,
  pieceWords: 2,
  usage: { prompt: 21, completion: 9 },
  toolArguments: { city: 'Rome' },
  headerDelayMs: 0,
  chunkDelayMs: 0,
  streamErrorFirst: false,
  hang: false,
  models: ['fake-model-a', 'fake-model-b'],
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class FakeUpstream extends LoopbackServer {
  readonly requests: RecordedRequest[] = [];
  behaviour: FakeBehaviour = defaults();
  private failures = 0;

  constructor(readonly kind: FakeKind) {
    super();
  }

  /** The base URL a provider of this kind is registered with (as that provider's SDK takes it). */
  get baseUrl(): string {
    return this.kind === 'openai' ? `http://127.0.0.1:${this.port}/v1` : `http://127.0.0.1:${this.port}`;
  }

  /** Requests to one path (e.g. `/v1/chat/completions`). */
  to(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.split('?')[0] === path);
  }

  /** The last chat request's body (OpenAI chat or Anthropic messages). */
  get lastChat(): any {
    const path = this.kind === 'openai' ? '/v1/chat/completions' : '/v1/messages';
    return this.to(path).at(-1)?.body;
  }

  /** Change how the fake behaves from now on (unset fields keep their defaults). */
  behave(changes: Partial<FakeBehaviour>): this {
    this.behaviour = { ...defaults(), ...changes };
    this.failures = 0;
    return this;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const record: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body, closedEarly: false, completed: false };
    this.requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) record.closedEarly = true;
    });
    const b = this.behaviour;
    if (b.hang) return;
    if (b.headerDelayMs) await sleep(b.headerDelayMs);
    if (res.destroyed) return;
    if (b.failStatus && (b.failTimes === undefined || this.failures < b.failTimes)) {
      this.failures++;
      return this.json(res, b.failStatus, this.errorBody(b.failStatus, b.failMessage ?? `Fake upstream failure ${b.failStatus}`), record);
    }
    const path = record.path.split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') return this.json(res, 200, this.modelsBody(), record);
    if (req.method === 'POST' && this.kind === 'openai' && path === '/v1/embeddings') return this.json(res, 200, this.embeddingsBody(body), record);
    if (req.method === 'POST' && this.kind === 'openai' && path === '/v1/chat/completions') return this.openAiChat(res, body, record);
    if (req.method === 'POST' && this.kind === 'anthropic' && path === '/v1/messages') return this.anthropicChat(res, body, record);
    return this.json(res, 404, this.errorBody(404, `No route ${req.method} ${path}`), record);
  }

  private json(res: ServerResponse, status: number, body: unknown, record: RecordedRequest) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
    record.completed = true;
  }

  private errorBody(status: number, message: string): unknown {
    if (this.kind === 'anthropic') {
      const type = status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : status === 401 ? 'authentication_error' : status >= 500 ? 'api_error' : 'invalid_request_error';
      return { type: 'error', error: { type, message } };
    }
    const type = status === 429 ? 'rate_limit_error' : status === 401 ? 'invalid_api_key' : status >= 500 ? 'server_error' : 'invalid_request_error';
    return { error: { message, type, code: null } };
  }

  private modelsBody(): unknown {
    const models = this.behaviour.models;
    if (this.kind === 'openai') return { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'fake-org' })) };
    return {
      data: models.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' })),
      has_more: false,
      first_id: models[0] ?? null,
      last_id: models.at(-1) ?? null,
    };
  }

  private embeddingsBody(body: any): unknown {
    const inputs: string[] = Array.isArray(body?.input) ? body.input : [body?.input];
    return {
      object: 'list',
      model: body?.model,
      // As OpenAI does: little-endian float32 in base64 when asked (the OpenAI SDK's default).
      data: inputs.map((text, index) => {
        const vector = [text.length, index, 0.5];
        const embedding = body?.encoding_format === 'base64' ? Buffer.from(Float32Array.from(vector).buffer).toString('base64') : vector;
        return { object: 'embedding', index, embedding };
      }),
      usage: { prompt_tokens: inputs.length * 3, total_tokens: inputs.length * 3 },
    };
  }

  private pieces(): string[] {
    const words = this.behaviour.text.match(/\S+\s*/g) ?? [];
    const out: string[] = [];
    for (let i = 0; i < words.length; i += this.behaviour.pieceWords) out.push(words.slice(i, i + this.behaviour.pieceWords).join(''));
    return out;
  }

  private wantsTool(body: any): string | undefined {
    return Array.isArray(body?.tools) && body.tools.length ? (body.tools[0].function?.name ?? body.tools[0].name) : undefined;
  }

  /** Write stream events with the configured pacing, cut or error; returns false when it stopped early. */
  private async writeEvents(res: ServerResponse, record: RecordedRequest, head: string[], content: string[], tail: string[], errorEvent: string): Promise<void> {
    const b = this.behaviour;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const write = async (event: string) => {
      if (res.destroyed) return false;
      await new Promise<void>((resolve) => res.write(event, () => resolve()));
      if (b.chunkDelayMs) await sleep(b.chunkDelayMs);
      return !res.destroyed;
    };
    if (b.streamErrorFirst) {
      res.end(errorEvent);
      record.completed = true;
      return;
    }
    for (const event of head) if (!(await write(event))) return;
    for (let i = 0; i < content.length; i++) {
      if (b.cutAfter !== undefined && i === b.cutAfter) {
        await sleep(30);
        res.socket?.destroy();
        return;
      }
      if (b.streamErrorAfter !== undefined && i === b.streamErrorAfter) {
        res.end(errorEvent);
        record.completed = true;
        return;
      }
      if (!(await write(content[i]))) return;
    }
    for (const event of tail) if (!(await write(event))) return;
    res.end();
    record.completed = true;
  }

  // ---- OpenAI-shaped ----

  private async openAiChat(res: ServerResponse, body: any, record: RecordedRequest) {
    const b = this.behaviour;
    const model = body?.model;
    const tool = this.wantsTool(body);
    const usage = b.usage ? { prompt_tokens: b.usage.prompt, completion_tokens: b.usage.completion, total_tokens: b.usage.prompt + b.usage.completion } : undefined;
    const args = JSON.stringify(b.toolArguments);
    if (!body?.stream) {
      const message = tool
        ? { role: 'assistant', content: null, tool_calls: [{ id: 'call_fake_1', type: 'function', function: { name: tool, arguments: args } }] }
        : { role: 'assistant', content: b.text };
      return this.json(res, 200, { id: 'chatcmpl-fake', object: 'chat.completion', created: 1700000000, model, choices: [{ index: 0, message, finish_reason: tool ? 'tool_calls' : 'stop' }], ...(usage ? { usage } : {}) }, record);
    }
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1700000000, model, choices, ...extra })}\n\n`;
    const delta = (d: Record<string, unknown>, finish: string | null = null) => chunk([{ index: 0, delta: d, finish_reason: finish }]);
    const head = [delta({ role: 'assistant', content: '' })];
    const content = tool
      ? [delta({ tool_calls: [{ index: 0, id: 'call_fake_1', type: 'function', function: { name: tool, arguments: '' } }] }), ...splitJson(args).map((part) => delta({ tool_calls: [{ index: 0, function: { arguments: part } }] }))]
      : this.pieces().map((piece) => delta({ content: piece }));
    const tail = [delta({}, tool ? 'tool_calls' : 'stop')];
    if (usage && body.stream_options?.include_usage) tail.push(chunk([], { usage }));
    tail.push('data: [DONE]\n\n');
    const error = `data: ${JSON.stringify({ error: { message: b.failMessage ?? 'The fake upstream is overloaded', type: 'server_error', code: null } })}\n\n`;
    await this.writeEvents(res, record, head, content, tail, error);
  }

  // ---- Anthropic-shaped ----

  private async anthropicChat(res: ServerResponse, body: any, record: RecordedRequest) {
    const b = this.behaviour;
    const model = body?.model;
    const tool = this.wantsTool(body);
    const usage = b.usage ?? { prompt: 0, completion: 0 };
    if (!body?.stream) {
      const content = tool ? [{ type: 'tool_use', id: 'toolu_fake_1', name: tool, input: b.toolArguments }] : [{ type: 'text', text: b.text }];
      return this.json(
        res,
        200,
        { id: 'msg_fake', type: 'message', role: 'assistant', model, content, stop_reason: tool ? 'tool_use' : 'end_turn', stop_sequence: null, usage: { input_tokens: usage.prompt, output_tokens: usage.completion } },
        record,
      );
    }
    const ev = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
    const head = [
      ev('message_start', { message: { id: 'msg_fake', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: usage.prompt, output_tokens: 1 } } }),
      tool ? ev('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 'toolu_fake_1', name: tool, input: {} } }) : ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
      ev('ping', {}),
    ];
    const content = tool
      ? splitJson(JSON.stringify(b.toolArguments)).map((part) => ev('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: part } }))
      : this.pieces().map((piece) => ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } }));
    const tail = [
      ev('content_block_stop', { index: 0 }),
      ev('message_delta', { delta: { stop_reason: tool ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.completion } }),
      ev('message_stop', {}),
    ];
    const error = ev('error', { error: { type: 'overloaded_error', message: b.failMessage ?? 'The fake upstream is overloaded' } });
    // An error "before any content" comes right away, as the first event (no message_start).
    await this.writeEvents(res, record, head, content, tail, error);
  }
}

/** A JSON text in three parts, as providers stream tool arguments. */
function splitJson(text: string): string[] {
  const third = Math.ceil(text.length / 3);
  return [text.slice(0, third), text.slice(third, 2 * third), text.slice(2 * third)].filter(Boolean);
}

/** Start a fake upstream of this kind on 127.0.0.1 (a free port). */
export function startFakeUpstream(kind: FakeKind, behaviour: Partial<FakeBehaviour> = {}): Promise<FakeUpstream> {
  return new FakeUpstream(kind).behave(behaviour).start();
}
