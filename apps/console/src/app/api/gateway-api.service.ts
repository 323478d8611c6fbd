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

  /** Streams one chat completion; resolves when the stream ends. */
  async streamChat(model: string, messages: ChatMessage[], on: StreamHandlers, signal?: AbortSignal): Promise<void> {
    const res = await this.authorized.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ model, messages, stream: true, stream_options: { include_usage: true } }),
      signal,
    });
    if (!res.ok || !res.body) throw new GatewayError(res.status, await readBody(res));

    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    for (;;) {
      const { done, value } = await reader.read();
      const payloads = done ? parser.feed(decoder.decode()).concat(parser.flush()) : parser.feed(decoder.decode(value, { stream: true }));
      for (const payload of payloads) {
        if (payload.trim() === '[DONE]') return;
        this.handle(JSON.parse(payload) as ChatChunk, on, res.status);
      }
      if (done) return;
    }
  }

  private handle(chunk: ChatChunk, on: StreamHandlers, status: number): void {
    if (chunk.error) throw new GatewayError(status, chunk);
    const text = chunk.choices?.[0]?.delta?.content;
    if (text) on.delta(text);
    if (chunk.usage) on.usage(chunk.usage);
  }
}
