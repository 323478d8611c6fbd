/**
 * A fake LLM provider for end-to-end tests: a real HTTP server on 127.0.0.1 speaking
 * OpenAI's API (`/v1/chat/completions`, `/v1/responses`, `/v1/embeddings`, `/v1/models`) or
 * Anthropic's (`/v1/messages` with extended thinking, `/v1/messages/count_tokens`, `/v1/models`),
 * recording every request it receives (parsed and as the bytes came), with switches to
 * misbehave the ways real providers do.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer } from './loopback-server';

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
  /** Anthropic, when the request enables thinking: a thinking block with this text and signature comes first. */
  thinking: string;
  signature: string;
  /** Anthropic prompt-cache usage, reported beside `input_tokens` (which then leaves these out). */
  cacheRead?: number;
  cacheWrite?: number;
  /** Of `cacheWrite`, the one-hour writes (Anthropic's `cache_creation.ephemeral_1h_input_tokens`). */
  cacheWrite1h?: number;
  /** OpenAI chat and Responses: `cached_tokens` (inside the prompt tokens) and `reasoning_tokens` (inside the completion tokens). */
  cachedTokens?: number;
  reasoningTokens?: number;
  /** `POST /v1/messages/count_tokens` answers this many input tokens. */
  countTokens: number;
  /** Sent as `retry-after` with the failure answers. */
  retryAfter?: string;
  /** OpenAI chat, as DeepSeek does: when the request sets `reasoning_effort`, this comes first as `reasoning_content`. */
  reasoning?: string;
  /** Streams: send the whole stream in writes of this many bytes, 1 ms apart (events and characters cut anywhere). */
  writeBytes?: number;
  /** Streams: frame events with CRLF, and send a `: keep-alive` comment after the first event. */
  crlf?: boolean;
  keepAlive?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
  /** The body's text exactly as it arrived. */
  rawBody: string;
  /** The client closed the connection before the fake finished its answer. */
  closedEarly: boolean;
  /** The fake finished its answer normally. */
  completed: boolean;
  /** With `writeBytes`: the stream exactly as sent. */
  streamed?: string;
}

export const DEFAULT_TEXT = 'Hello from the fake upstream, streamed in several small pieces.';
export const DEFAULT_THINKING = 'The user wants a greeting. I will answer briefly and politely.';
export const DEFAULT_SIGNATURE = 'EqQBCkYIBxgCKkCfakeSignatureOfTheThinkingBlock==';

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
  thinking: DEFAULT_THINKING,
  signature: DEFAULT_SIGNATURE,
  countTokens: 42,
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

  /** The last request to one path, as recorded. */
  last(path: string): RecordedRequest | undefined {
    return this.to(path).at(-1);
  }

  /** Change how the fake behaves from now on (unset fields keep their defaults). */
  behave(changes: Partial<FakeBehaviour>): this {
    this.behaviour = { ...defaults(), ...changes };
    this.failures = 0;
    return this;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse) {
    const rawBody = await readText(req);
    const body = parseJson(rawBody);
    const record: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body, rawBody, closedEarly: false, completed: false };
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
      const headers: Record<string, string> = b.retryAfter ? { 'retry-after': b.retryAfter } : {};
      return this.json(res, b.failStatus, this.errorBody(b.failStatus, b.failMessage ?? `Fake upstream failure ${b.failStatus}`), record, headers);
    }
    const path = record.path.split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') return this.json(res, 200, this.modelsBody(), record);
    if (req.method === 'POST' && this.kind === 'openai' && path === '/v1/embeddings') return this.json(res, 200, this.embeddingsBody(body), record);
    if (req.method === 'POST' && this.kind === 'openai' && path === '/v1/chat/completions') return this.openAiChat(res, body, record);
    if (req.method === 'POST' && this.kind === 'openai' && path === '/v1/responses') return this.responses(res, body, record);
    if (req.method === 'POST' && this.kind === 'anthropic' && path === '/v1/messages') return this.anthropicChat(res, body, record);
    if (req.method === 'POST' && this.kind === 'anthropic' && path === '/v1/messages/count_tokens') return this.json(res, 200, { input_tokens: b.countTokens }, record);
    return this.json(res, 404, this.errorBody(404, `No route ${req.method} ${path}`), record);
  }

  private json(res: ServerResponse, status: number, body: unknown, record: RecordedRequest, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
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

  private pieces(text = this.behaviour.text): string[] {
    const words = text.match(/\S+\s*/g) ?? [];
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
    if (b.writeBytes) return this.writeBytes(res, record, [...head, ...content, ...tail]);
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

  private async writeBytes(res: ServerResponse, record: RecordedRequest, events: string[]): Promise<void> {
    const b = this.behaviour;
    if (b.keepAlive) events.splice(1, 0, ': keep-alive\n\n');
    const text = events.join('');
    record.streamed = b.crlf ? text.replaceAll('\n', '\r\n') : text;
    const bytes = Buffer.from(record.streamed);
    for (let i = 0; i < bytes.length && !res.destroyed; i += b.writeBytes!) {
      res.write(bytes.subarray(i, i + b.writeBytes!));
      await sleep(1);
    }
    res.end();
    record.completed = true;
  }

  // ---- OpenAI-shaped ----

  /** DeepSeek-style reasoning text, when configured and the request asks for reasoning. */
  private reasoningFor(body: any): string | undefined {
    const effort = body?.reasoning_effort;
    return this.behaviour.reasoning && effort != null && effort !== 'none' ? this.behaviour.reasoning : undefined;
  }

  private async openAiChat(res: ServerResponse, body: any, record: RecordedRequest) {
    const b = this.behaviour;
    const model = body?.model;
    const tool = this.wantsTool(body);
    const reasoning = this.reasoningFor(body);
    const usage = b.usage
      ? {
          prompt_tokens: b.usage.prompt,
          completion_tokens: b.usage.completion,
          total_tokens: b.usage.prompt + b.usage.completion,
          ...(b.cachedTokens !== undefined ? { prompt_tokens_details: { cached_tokens: b.cachedTokens, audio_tokens: 0 } } : {}),
          ...(b.reasoningTokens !== undefined ? { completion_tokens_details: { reasoning_tokens: b.reasoningTokens, audio_tokens: 0 } } : {}),
        }
      : undefined;
    const args = JSON.stringify(b.toolArguments);
    if (!body?.stream) {
      const message = tool
        ? { role: 'assistant', content: null, tool_calls: [{ id: 'call_fake_1', type: 'function', function: { name: tool, arguments: args } }] }
        : { role: 'assistant', content: b.text };
      if (reasoning) Object.assign(message, { reasoning_content: reasoning });
      return this.json(res, 200, { id: 'chatcmpl-fake', object: 'chat.completion', created: 1700000000, model, choices: [{ index: 0, message, finish_reason: tool ? 'tool_calls' : 'stop' }], ...(usage ? { usage } : {}) }, record);
    }
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1700000000, model, choices, ...extra })}\n\n`;
    const delta = (d: Record<string, unknown>, finish: string | null = null) => chunk([{ index: 0, delta: d, finish_reason: finish }]);
    const head = [delta({ role: 'assistant', content: '' })];
    const thoughts = reasoning ? this.pieces(reasoning).map((piece) => delta({ reasoning_content: piece })) : [];
    const content = tool
      ? [delta({ tool_calls: [{ index: 0, id: 'call_fake_1', type: 'function', function: { name: tool, arguments: '' } }] }), ...splitJson(args).map((part) => delta({ tool_calls: [{ index: 0, function: { arguments: part } }] }))]
      : this.pieces().map((piece) => delta({ content: piece }));
    const tail = [delta({}, tool ? 'tool_calls' : 'stop')];
    if (usage && body.stream_options?.include_usage) tail.push(chunk([], { usage }));
    tail.push('data: [DONE]\n\n');
    const error = `data: ${JSON.stringify({ error: { message: b.failMessage ?? 'The fake upstream is overloaded', type: 'server_error', code: null } })}\n\n`;
    await this.writeEvents(res, record, head, [...thoughts, ...content], tail, error);
  }

  /** OpenAI's Responses API: a Response object, or its event stream (`response.created` … `response.completed`). */
  private async responses(res: ServerResponse, body: any, record: RecordedRequest) {
    const b = this.behaviour;
    const input = body?.input;
    const answered = Array.isArray(input) && input.at(-1)?.type === 'function_call_output';
    const tool = answered ? undefined : this.wantsTool(body);
    const args = JSON.stringify(b.toolArguments);
    const usage = b.usage && {
      input_tokens: b.usage.prompt,
      input_tokens_details: { cached_tokens: b.cachedTokens ?? 0 },
      output_tokens: b.usage.completion,
      output_tokens_details: { reasoning_tokens: b.reasoningTokens ?? 0 },
      total_tokens: b.usage.prompt + b.usage.completion,
    };
    const itemId = tool ? 'fc_fake_1' : 'msg_fake_1';
    const part = (text: string) => ({ type: 'output_text', text, annotations: [] });
    const item = (done: boolean) =>
      tool
        ? { id: itemId, type: 'function_call', status: done ? 'completed' : 'in_progress', call_id: 'call_fake_1', name: tool, arguments: done ? args : '' }
        : { id: itemId, type: 'message', status: done ? 'completed' : 'in_progress', role: 'assistant', content: done ? [part(b.text)] : [] };
    const response = (status: string, output: unknown[], reported: unknown) => ({
      id: 'resp_fake_1',
      object: 'response',
      created_at: 1700000000,
      status,
      error: null,
      incomplete_details: null,
      instructions: body?.instructions ?? null,
      max_output_tokens: body?.max_output_tokens ?? null,
      model: body?.model,
      output,
      parallel_tool_calls: body?.parallel_tool_calls ?? true,
      previous_response_id: body?.previous_response_id ?? null,
      reasoning: { effort: body?.reasoning?.effort ?? null, summary: null },
      store: body?.store ?? true,
      temperature: body?.temperature ?? 1,
      text: body?.text ?? { format: { type: 'text' } },
      tool_choice: body?.tool_choice ?? 'auto',
      tools: body?.tools ?? [],
      top_p: body?.top_p ?? 1,
      truncation: 'disabled',
      usage: reported,
      user: null,
      metadata: body?.metadata ?? {},
    });
    if (!body?.stream) return this.json(res, 200, response('completed', [item(true)], usage), record);

    let sequence = 0;
    const ev = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...data })}\n\n`;
    const at = { item_id: itemId, output_index: 0 };
    const head = [ev('response.created', { response: response('in_progress', [], null) }), ev('response.in_progress', { response: response('in_progress', [], null) })];
    head.push(ev('response.output_item.added', { output_index: 0, item: item(false) }));
    if (!tool) head.push(ev('response.content_part.added', { ...at, content_index: 0, part: part('') }));
    const content = tool
      ? splitJson(args).map((delta) => ev('response.function_call_arguments.delta', { ...at, delta }))
      : this.pieces().map((delta) => ev('response.output_text.delta', { ...at, content_index: 0, delta, logprobs: [] }));
    const tail = tool
      ? [ev('response.function_call_arguments.done', { ...at, name: tool, arguments: args })]
      : [ev('response.output_text.done', { ...at, content_index: 0, text: b.text, logprobs: [] }), ev('response.content_part.done', { ...at, content_index: 0, part: part(b.text) })];
    tail.push(ev('response.output_item.done', { output_index: 0, item: item(true) }), ev('response.completed', { response: response('completed', [item(true)], usage) }));
    const error = ev('error', { code: 'server_error', message: b.failMessage ?? 'The fake upstream is overloaded', param: null });
    await this.writeEvents(res, record, head, content, tail, error);
  }

  // ---- Anthropic-shaped ----

  private anthropicUsage(outputTokens?: number): Record<string, unknown> {
    const b = this.behaviour;
    const usage = b.usage ?? { prompt: 0, completion: 0 };
    const cache = {
      ...(b.cacheWrite !== undefined ? { cache_creation_input_tokens: b.cacheWrite } : {}),
      ...(b.cacheRead !== undefined ? { cache_read_input_tokens: b.cacheRead } : {}),
      ...(b.cacheWrite1h !== undefined ? { cache_creation: { ephemeral_5m_input_tokens: (b.cacheWrite ?? 0) - b.cacheWrite1h, ephemeral_1h_input_tokens: b.cacheWrite1h } } : {}),
    };
    return { input_tokens: usage.prompt, ...cache, output_tokens: outputTokens ?? usage.completion };
  }

  private async anthropicChat(res: ServerResponse, body: any, record: RecordedRequest) {
    const b = this.behaviour;
    const model = body?.model;
    const tool = this.wantsTool(body);
    const thinks = body?.thinking?.type === 'enabled' || body?.thinking?.type === 'adaptive';
    const completion = b.usage?.completion ?? 0;
    if (!body?.stream) {
      const main = tool ? { type: 'tool_use', id: 'toolu_fake_1', name: tool, input: b.toolArguments } : { type: 'text', text: b.text };
      const content = thinks ? [{ type: 'thinking', thinking: b.thinking, signature: b.signature }, main] : [main];
      return this.json(
        res,
        200,
        { id: 'msg_fake', type: 'message', role: 'assistant', model, content, stop_reason: tool ? 'tool_use' : 'end_turn', stop_sequence: null, usage: this.anthropicUsage() },
        record,
      );
    }
    const ev = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
    const index = thinks ? 1 : 0;
    const thinking = thinks
      ? [
          ev('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
          ...this.pieces(b.thinking).map((piece) => ev('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: piece } })),
          ev('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: b.signature } }),
          ev('content_block_stop', { index: 0 }),
        ]
      : [];
    const head = [
      ev('message_start', { message: { id: 'msg_fake', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: this.anthropicUsage(1) } }),
      ...thinking,
      ev('content_block_start', { index, content_block: tool ? { type: 'tool_use', id: 'toolu_fake_1', name: tool, input: {} } : { type: 'text', text: '' } }),
      ev('ping', {}),
    ];
    const content = tool
      ? splitJson(JSON.stringify(b.toolArguments)).map((part) => ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: part } }))
      : this.pieces().map((piece) => ev('content_block_delta', { index, delta: { type: 'text_delta', text: piece } }));
    const tail = [
      ev('content_block_stop', { index }),
      ev('message_delta', { delta: { stop_reason: tool ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: completion } }),
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

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON when it is JSON, else the text as it came (undefined when empty). */
function parseJson(text: string): any {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

/** Start a fake upstream of this kind on 127.0.0.1 (a free port). */
export function startFakeUpstream(kind: FakeKind, behaviour: Partial<FakeBehaviour> = {}): Promise<FakeUpstream> {
  return new FakeUpstream(kind).behave(behaviour).start();
}
