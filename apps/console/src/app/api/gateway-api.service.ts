import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import { GatewayError } from '../core/api-error';
import { AuthorizedFetchService } from '../core/authorized-fetch.service';
import { SseParser } from '../core/sse-parser';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

interface ChatChunk {
  choices?: { delta?: { content?: string | null } }[];
  usage?: ChatUsage | null;
  error?: { message: string };
}

/** The Anthropic stream's events the playground reads. */
interface MessagesEvent {
  type: string;
  message?: { usage?: { input_tokens?: number; output_tokens?: number } };
  delta?: { type?: string; text?: string };
  usage?: { output_tokens?: number };
  error?: { message: string };
}

/** One playground turn: the conversation so far in either API format. */
export interface ChatRequest {
  format: 'openai' | 'anthropic';
  model: string;
  system: string;
  messages: ChatMessage[];
  temperature: number | null;
  maxTokens: number | null;
}

/** Anthropic's API needs max_tokens; sent when the playground leaves it empty. */
export const DEFAULT_MAX_TOKENS = 1024;

interface GatewayModelList {
  data: { id: string; owned_by?: string }[];
}

export interface StreamHandlers {
  delta(text: string): void;
  usage(usage: ChatUsage): void;
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The OpenAI-compatible gateway (`/v1`), called with the signed-in user's JWT. */
@Injectable({ providedIn: 'root' })
export class GatewayApiService {
  private readonly http = inject(HttpClient);
  private readonly authorized = inject(AuthorizedFetchService);

  models(): Observable<string[]> {
    return this.http.get<GatewayModelList>('/v1/models').pipe(map((list) => list.data.map((m) => m.id)));
  }

  /** Streams one reply in the chosen format; resolves when the stream ends. */
  async streamChat(req: ChatRequest, on: StreamHandlers, signal?: AbortSignal): Promise<void> {
    const anthropic = req.format === 'anthropic';
    const res = await this.authorized.fetch(anthropic ? '/v1/messages' : '/v1/chat/completions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...(anthropic ? { 'anthropic-version': '2023-06-01' } : {}) },
      body: JSON.stringify(anthropic ? messagesBody(req) : chatBody(req)),
      signal,
    });
    if (!res.ok || !res.body) throw new GatewayError(res.status, await readBody(res));

    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    const usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
    for (;;) {
      const { done, value } = await reader.read();
      const payloads = done ? parser.feed(decoder.decode()).concat(parser.flush()) : parser.feed(decoder.decode(value, { stream: true }));
      for (const payload of payloads) {
        if (payload.trim() === '[DONE]') return;
        if (anthropic) this.handleEvent(JSON.parse(payload) as MessagesEvent, on, res.status, usage);
        else this.handle(JSON.parse(payload) as ChatChunk, on, res.status);
      }
      if (done) return;
    }
  }

  private handleEvent(event: MessagesEvent, on: StreamHandlers, status: number, usage: ChatUsage): void {
    if (event.type === 'error') throw new GatewayError(status, event);
    if (event.type === 'message_start') usage.prompt_tokens = event.message?.usage?.input_tokens ?? 0;
    if (event.type === 'content_block_delta' && event.delta?.type === 'text_delta' && event.delta.text) on.delta(event.delta.text);
    if (event.type === 'message_delta' && event.usage) {
      usage.completion_tokens = event.usage.output_tokens ?? 0;
      usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
      on.usage({ ...usage });
    }
  }

  private handle(chunk: ChatChunk, on: StreamHandlers, status: number): void {
    if (chunk.error) throw new GatewayError(status, chunk);
    const text = chunk.choices?.[0]?.delta?.content;
    if (text) on.delta(text);
    if (chunk.usage) on.usage(chunk.usage);
  }
}

const options = (req: ChatRequest) => ({ ...(req.temperature !== null ? { temperature: req.temperature } : {}) });

function chatBody(req: ChatRequest) {
  const messages = req.system ? [{ role: 'system', content: req.system }, ...req.messages] : req.messages;
  return { model: req.model, messages, stream: true, stream_options: { include_usage: true }, ...options(req), ...(req.maxTokens ? { max_tokens: req.maxTokens } : {}) };
}

function messagesBody(req: ChatRequest) {
  return { model: req.model, max_tokens: req.maxTokens || DEFAULT_MAX_TOKENS, ...(req.system ? { system: req.system } : {}), messages: req.messages, stream: true, ...options(req) };
}
