/**
 * Fake Gemini and Ollama upstreams for end-to-end tests: one real HTTP server on 127.0.0.1
 * speaking Gemini's `generateContent` / `streamGenerateContent?alt=sse` / `GET /v1beta/models`
 * and Ollama's `/api/chat` (one JSON or NDJSON) / `GET /api/tags`, recording every request.
 * Asked to think (Gemini `thinkingConfig.includeThoughts`, Ollama `think`), they answer with
 * their thoughts first, as thought parts or `message.thinking`.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer, readBody } from './loopback-server';

export interface NativeBehaviour {
  /** The answer's text (streamed in pieces of two words). */
  text: string;
  usage: { prompt: number; completion: number };
  /** When the request offers tools, call the first one with these arguments. */
  toolArguments: Record<string, unknown>;
  /** Answer every request with this status and an error body in the upstream's format. */
  failStatus?: number;
  failMessage?: string;
  /** Gemini's error `status` (e.g. RESOURCE_EXHAUSTED). */
  failGoogleStatus?: string;
  models: string[];
  /** The thoughts sent first when the request asks for them. */
  thoughts: string;
  /** Gemini's `thoughtsTokenCount` (output tokens beside `candidatesTokenCount`). */
  thoughtsTokens: number;
  /** Gemini's `cachedContentTokenCount` (part of `promptTokenCount`). */
  cachedTokens?: number;
}

export interface NativeRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
}

export const NATIVE_TEXT = 'Native upstream says hello in a few streamed pieces.';
export const NATIVE_THOUGHTS = 'Native thoughts: a greeting deserves a greeting.';

const defaults = (): NativeBehaviour => ({
  text: NATIVE_TEXT,
  usage: { prompt: 17, completion: 11 },
  toolArguments: { city: 'Rome' },
  models: ['native-a', 'native-b'],
  thoughts: NATIVE_THOUGHTS,
  thoughtsTokens: 6,
});

export class FakeGeminiOllama extends LoopbackServer {
  readonly requests: NativeRequest[] = [];
  behaviour: NativeBehaviour = defaults();

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Requests whose path (without the query) matches. */
  to(path: string | RegExp): NativeRequest[] {
    return this.requests.filter((r) => {
      const p = r.path.split('?')[0];
      return typeof path === 'string' ? p === path : path.test(p);
    });
  }

  /** The last Gemini chat request (either method). */
  get lastGemini(): NativeRequest | undefined {
    return this.to(/^\/v1beta\/models\/[^/]+:(generateContent|streamGenerateContent)$/).at(-1);
  }

  /** The last Ollama `/api/chat` request. */
  get lastOllama(): NativeRequest | undefined {
    return this.to('/api/chat').at(-1);
  }

  behave(changes: Partial<NativeBehaviour>): this {
    this.behaviour = { ...defaults(), ...changes };
    return this;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const url = req.url ?? '/';
    this.requests.push({ method: req.method ?? 'GET', path: url, headers: req.headers, body });
    const path = url.split('?')[0];
    const query = new URLSearchParams(url.split('?')[1] ?? '');
    const gemini = path.startsWith('/v1beta/');
    const b = this.behaviour;
    if (b.failStatus) return this.json(res, b.failStatus, this.errorBody(gemini, b.failStatus, b.failMessage ?? `Fake failure ${b.failStatus}`));

    if (req.method === 'GET' && path === '/v1beta/models') {
      return this.json(res, 200, { models: b.models.map((id) => ({ name: `models/${id}`, displayName: id, supportedGenerationMethods: ['generateContent'] })) });
    }
    if (req.method === 'GET' && path === '/api/tags') {
      return this.json(res, 200, { models: b.models.map((name) => ({ name, model: name, modified_at: '2025-01-01T00:00:00Z', size: 1 })) });
    }
    const method = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(path);
    if (req.method === 'POST' && method) {
      if (method[2] === 'streamGenerateContent' && query.get('alt') !== 'sse') return this.json(res, 400, this.errorBody(true, 400, 'expected alt=sse'));
      return this.geminiChat(res, body, decodeURIComponent(method[1]), method[2] === 'streamGenerateContent');
    }
    if (req.method === 'POST' && path === '/api/chat') return this.ollamaChat(res, body);
    return this.json(res, 404, this.errorBody(gemini, 404, `No route ${req.method} ${path}`));
  }

  private json(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private errorBody(gemini: boolean, status: number, message: string): unknown {
    if (!gemini) return { error: message };
    const googleStatus =
      this.behaviour.failGoogleStatus ?? (status === 429 ? 'RESOURCE_EXHAUSTED' : status === 404 ? 'NOT_FOUND' : status === 503 ? 'UNAVAILABLE' : status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT');
    return { error: { code: status, message, status: googleStatus } };
  }

  private pieces(text = this.behaviour.text): string[] {
    const words = text.match(/\S+\s*/g) ?? [];
    const out: string[] = [];
    for (let i = 0; i < words.length; i += 2) out.push(words.slice(i, i + 2).join(''));
    return out;
  }

  private async writeAll(res: ServerResponse, contentType: string, events: string[]) {
    res.writeHead(200, { 'content-type': contentType });
    for (const event of events) {
      if (res.destroyed) return;
      await new Promise<void>((resolve) => res.write(event, () => resolve()));
    }
    res.end();
  }

  // ---- Gemini ----

  private geminiChat(res: ServerResponse, body: any, model: string, stream: boolean) {
    const b = this.behaviour;
    const tool: string | undefined = body?.tools?.[0]?.functionDeclarations?.[0]?.name;
    const thinks = body?.generationConfig?.thinkingConfig?.includeThoughts === true;
    const thoughtsTokens = thinks ? b.thoughtsTokens : 0;
    const usageMetadata = {
      promptTokenCount: b.usage.prompt,
      candidatesTokenCount: b.usage.completion,
      ...(thinks ? { thoughtsTokenCount: thoughtsTokens } : {}),
      ...(b.cachedTokens !== undefined ? { cachedContentTokenCount: b.cachedTokens } : {}),
      totalTokenCount: b.usage.prompt + b.usage.completion + thoughtsTokens,
    };
    const candidate = (parts: unknown[], finishReason?: string) => ({ content: { role: 'model', parts }, ...(finishReason ? { finishReason } : {}), index: 0 });
    if (!stream) {
      const parts = tool ? [{ functionCall: { name: tool, args: b.toolArguments } }] : [{ text: b.text }];
      if (thinks) parts.unshift({ text: b.thoughts, thought: true } as never);
      return this.json(res, 200, { candidates: [candidate(parts, 'STOP')], usageMetadata, modelVersion: model, responseId: 'gemini-resp-1' });
    }
    const event = (data: unknown) => `data: ${JSON.stringify(data)}\r\n\r\n`;
    const events: string[] = [];
    if (thinks) for (const piece of this.pieces(b.thoughts)) events.push(event({ candidates: [candidate([{ text: piece, thought: true }])], modelVersion: model, responseId: 'gemini-resp-1' }));
    if (tool) events.push(event({ candidates: [candidate([{ functionCall: { name: tool, args: b.toolArguments } }], 'STOP')], usageMetadata, modelVersion: model, responseId: 'gemini-resp-1' }));
    else {
      const pieces = this.pieces();
      pieces.forEach((piece, i) => {
        const last = i === pieces.length - 1;
        events.push(event({ candidates: [candidate([{ text: piece }], last ? 'STOP' : undefined)], ...(last ? { usageMetadata } : {}), modelVersion: model, responseId: 'gemini-resp-1' }));
      });
    }
    return this.writeAll(res, 'text/event-stream', events);
  }

  // ---- Ollama ----

  private ollamaChat(res: ServerResponse, body: any) {
    const b = this.behaviour;
    const model = body?.model;
    const tool: string | undefined = body?.tools?.[0]?.function?.name;
    const created_at = '2025-01-01T00:00:00Z';
    const counts = { prompt_eval_count: b.usage.prompt, eval_count: b.usage.completion, total_duration: 1000, eval_duration: 500 };
    const toolCalls = tool ? [{ function: { name: tool, arguments: b.toolArguments } }] : undefined;
    const thinks = body?.think !== undefined && body.think !== false;
    if (body?.stream === false) {
      const message = { role: 'assistant', content: tool ? '' : b.text, ...(thinks ? { thinking: b.thoughts } : {}), ...(toolCalls ? { tool_calls: toolCalls } : {}) };
      return this.json(res, 200, { model, created_at, message, done: true, done_reason: 'stop', ...counts });
    }
    const line = (data: unknown) => `${JSON.stringify(data)}\n`;
    const lines: string[] = [];
    if (thinks) for (const piece of this.pieces(b.thoughts)) lines.push(line({ model, created_at, message: { role: 'assistant', content: '', thinking: piece }, done: false }));
    if (toolCalls) lines.push(line({ model, created_at, message: { role: 'assistant', content: '', tool_calls: toolCalls }, done: false }));
    else for (const piece of this.pieces()) lines.push(line({ model, created_at, message: { role: 'assistant', content: piece }, done: false }));
    lines.push(line({ model, created_at, message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', ...counts }));
    return this.writeAll(res, 'application/x-ndjson', lines);
  }
}

/** Start a fake Gemini/Ollama upstream on 127.0.0.1 (a free port). */
export function startFakeGeminiOllama(behaviour: Partial<NativeBehaviour> = {}): Promise<FakeGeminiOllama> {
  return new FakeGeminiOllama().behave(behaviour).start();
}
