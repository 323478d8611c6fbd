import { ProviderError, type ClientAbort, type UpstreamHttp, type ChatChunk, type ChatRequest, type RuntimeProvider, type StreamEvent, type Usage } from '@gateway/providers';
import type { GatewayReply } from './exchange';
import type { ChatHandler } from './chat.handler';
import { countedUsage } from './chat.handler';
import type { RequestContext } from './request-context';
import { StreamWriter } from './stream-writer';
import { callUpstreamStream, isAbort, transportError } from './upstream-call';
import { upstreamFrames } from './upstream-frames';

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' };

/**
 * Stream one attempt to the client. Nothing is written until the upstream's first event
 * decodes cleanly, so a failure before that (including an error event inside a 200
 * stream) throws and the next target is tried. After that, a failure ends the stream
 * with an error event in the caller's format; an abort is charged for what was delivered.
 */
export async function relayStream(
  handler: ChatHandler,
  ctx: RequestContext,
  request: ChatRequest,
  provider: RuntimeProvider,
  upstreamModel: string,
  abort: ClientAbort,
  reply: GatewayReply,
  headers: Record<string, string>,
): Promise<void> {
  const clientWantsUsage = (request.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  const upstreamStarted = performance.now();
  const source = await openSource(handler.http, ctx, request, provider, upstreamModel, abort);
  const writer = new StreamWriter(ctx.format, source.passthrough, clientWantsUsage, ctx.requestedModel);
  const state = { text: '', usage: undefined as Usage | undefined, id: '', model: upstreamModel };
  const raw = reply.raw;

  /**
   * Write to the caller, committing headers on the first bytes; `last` ends the response.
   * What is written while one upstream read is handled leaves in one write() (end() flushes
   * the rest): a stream that arrives whole costs one system call, not one per batch.
   */
  let corked = false;
  const uncork = () => {
    corked = false;
    raw.uncork();
  };
  const send = (out: string, last = false) => {
    if (!out) {
      if (last) raw.end();
      return;
    }
    if (!corked && !last) {
      corked = true;
      raw.cork();
      setImmediate(uncork);
    }
    if (!ctx.committed) {
      ctx.upstreamMs += performance.now() - upstreamStarted;
      ctx.ttftMs = performance.now() - ctx.start;
      // The reply's own fields hold the request id and the CORS answer.
      const fields = Object.assign(reply.getHeaders(), headers, SSE_HEADERS);
      fields['server-timing'] = handler.serverTiming(ctx);
      raw.writeHead(200, fields);
      ctx.committed = true;
    }
    if (last) raw.end(out);
    else raw.write(out);
  };
  const take = (chunks: ChatChunk[]) => {
    for (const c of chunks) {
      if (c.id) state.id = c.id;
      if (c.usage) state.usage = c.usage;
      const delta = c.choices[0]?.delta;
      if (delta?.content) state.text += delta.content;
      for (const call of delta?.tool_calls ?? []) state.text += (call.function?.name ?? '') + (call.function?.arguments ?? '');
    }
  };

  /** Relayed streams skipped decoding their text: decode it now if tokens must be counted. */
  const recountIfNeeded = () => {
    if (state.usage || !source.passthrough) return;
    state.text = '';
    take(source.recount());
  };

  try {
    for await (const events of source.batches) {
      let out = '';
      for (const event of events) {
        const chunks = source.decode(event);
        take(chunks);
        out += source.passthrough && event.data !== undefined ? writer.relay(event, chunks) : writer.encode(chunks);
      }
      send(out);
    }
    const tail = source.end();
    take(tail);
    if (!source.finished()) throw new ProviderError('server', `${provider.name} ended the stream without finishing the answer`);
    recountIfNeeded();
    const usage = state.usage ?? countedUsage(ctx, state.text);
    const closing = writer.encode(source.passthrough ? [] : tail) + writer.finish(usage, state.id || `chatcmpl-${ctx.requestId}`, state.model);
    if (!ctx.committed && !closing) throw new ProviderError('server', `${provider.name} sent an empty stream`);
    // The charge is durable before the caller sees the stream's end.
    await handler.finish(ctx, 200, usage, null);
    send(closing, true);
  } catch (e) {
    if (!ctx.committed) throw e;
    recountIfNeeded();
    const delivered = state.usage ?? countedUsage(ctx, state.text);
    if (abort.aborted || isAbort(e)) {
      void handler.finish(ctx, 499, delivered, 'client closed the stream');
      raw.destroy();
      return;
    }
    const error = transportError(e, provider);
    const status = error instanceof ProviderError ? error.gatewayStatus : 502;
    await handler.finish(ctx, status, delivered, `stream broke after it began: ${error.message}`);
    if (!raw.destroyed) raw.end(writer.error(status, `The upstream stream broke: ${error.message}`));
  }
}

interface StreamSource {
  passthrough: boolean;
  batches: AsyncIterable<StreamEvent[]>;
  decode(event: StreamEvent): ChatChunk[];
  end(): ChatChunk[];
  finished(): boolean;
  /** Decode every event again (text included), for counting tokens when no usage came. */
  recount(): ChatChunk[];
}

/**
 * When events are relayed unchanged, only those that can carry usage, an error or the end
 * are parsed as they pass (~3 µs each otherwise); the rest are decoded only if usage never comes.
 */
const MUST_PARSE = {
  // OpenAI-shaped servers put `"usage":null` on every chunk when usage is requested: only an object counts.
  openai: (e: StreamEvent) => e.data === '[DONE]' || hasUsageObject(e.data) || e.data.includes('"error"'),
  anthropic: (e: StreamEvent) => e.event !== 'content_block_delta' && e.event !== 'ping',
};

/** The upstream side: an HTTP stream with the adapter's decoder, or the in-process provider's chunks. */
async function openSource(http: UpstreamHttp, ctx: RequestContext, request: ChatRequest, provider: RuntimeProvider, upstreamModel: string, abort: ClientAbort): Promise<StreamSource> {
  const streaming = { ...request, stream: true };
  if (provider.adapter.inProcess) {
    const chunks = provider.adapter.inProcess.stream(provider.config, streaming, upstreamModel, abort.signal);
    let done = false;
    const byChunk = new WeakMap<StreamEvent, ChatChunk>();
    async function* batches() {
      for await (const chunk of chunks) {
        const event: StreamEvent = { data: '' };
        byChunk.set(event, chunk);
        yield [event];
      }
      done = true;
    }
    return { passthrough: false, batches: batches(), decode: (e) => [byChunk.get(e)!], end: () => [], finished: () => done, recount: () => [] };
  }
  const body = await callUpstreamStream(http, provider, provider.adapter.chatRequest(provider.config, streaming, upstreamModel), abort);
  const decoder = provider.adapter.createStreamDecoder(upstreamModel);
  const passthrough = provider.adapter.nativeFormats.includes(ctx.format === 'openai' ? 'openai-chat' : 'anthropic-messages');
  const mustParse = passthrough ? MUST_PARSE[ctx.format] : () => true;
  const seen: StreamEvent[] = [];
  return {
    passthrough,
    batches: upstreamFrames(body, provider.adapter.streamFraming),
    decode: (e) => {
      if (passthrough) seen.push(e);
      return mustParse(e) ? decoder.push(e) : [];
    },
    end: () => decoder.end(),
    finished: () => decoder.finished,
    recount: () => {
      if (!seen.length) return [];
      const fresh = provider.adapter.createStreamDecoder(upstreamModel);
      const out: ChatChunk[] = [];
      for (const e of seen) {
        try {
          out.push(...fresh.push(e));
        } catch {
          break;
        }
      }
      return out.filter((c) => !c.usage);
    },
  };
}

/** Whether the event's JSON has `"usage":` followed by an object (not null); a regex costs ~3× more per event. */
export function hasUsageObject(data: string): boolean {
  for (let i = data.indexOf('"usage":'); i >= 0; i = data.indexOf('"usage":', i + 8)) {
    let j = i + 8;
    for (let c = data.charCodeAt(j); c === 32 || c === 9 || c === 10 || c === 13; c = data.charCodeAt(++j));
    if (data.charCodeAt(j) === 123) return true;
  }
  return false;
}
