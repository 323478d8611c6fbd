import { ProviderError, type ClientAbort, type RuntimeProvider, type Usage } from '@gateway/providers';
import { providerErrorStatus } from './client-format';
import type { GatewayReply } from './gateway-reply';
import type { AttemptPlan } from './codecs/codec';
import type { Outcome } from './outcome';
import type { RequestContext } from './request-context';
import { callUpstreamStream, isAbort, transportError } from './upstream-call';
import { UpstreamFrames, type UpstreamPart } from './upstream-frames';

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' };

export interface RelayOptions {
  ctx: RequestContext;
  plan: AttemptPlan;
  provider: RuntimeProvider;
  abort: ClientAbort;
  reply: GatewayReply;
  /** Headers for the caller (rate limits, ignored parameters). */
  headers: Record<string, string>;
  serverTiming(): string;
  /** Usage counted by the gateway from the answer's text, when the upstream reported none. */
  count(completionText: string): Usage;
  /** A failure's message as the caller may see it. */
  callerMessage(error: Error): string;
}

/**
 * Stream one attempt to the caller. Nothing is written until the upstream's first event
 * translates cleanly, so a failure before that (an error event inside a 200 stream too)
 * throws and the next target is tried. After that, a failure ends the stream with an error
 * event in the caller's format; an abort is charged for what was delivered.
 */
export async function relayStream(o: RelayOptions): Promise<Outcome> {
  const { ctx, reply, plan } = o;
  const upstreamStarted = performance.now();
  const body = await callUpstreamStream(o.provider, plan, o.abort);
  const translator = plan.stream();
  const raw = reply.raw;

  // What one upstream read produces leaves in one write() and one HTTP chunk: its parts are joined
  // first (each write() of a chunked reply queues four socket writes of its own).
  let parts: Array<string | Buffer> = [];
  const joined = (): string | Buffer => {
    const out = parts.length === 1 ? parts[0] : Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
    parts = [];
    return out;
  };
  const flush = () => {
    if (parts.length && !raw.destroyed) raw.write(joined());
  };
  /** The end of the reply, after what is still waiting for its write. */
  const end = (out: string | Buffer = '') => {
    if (out.length) parts.push(out);
    if (parts.length) raw.end(joined());
    else raw.end();
  };
  const send = (out: string | Buffer, last = false) => {
    if (out.length === 0) {
      if (last) end();
      return;
    }
    if (!ctx.committed) {
      ctx.upstreamMs += performance.now() - upstreamStarted;
      ctx.ttftMs = performance.now() - ctx.start;
      // The reply's own fields hold the request id and the CORS answer.
      const fields = Object.assign(reply.getHeaders(), o.headers, SSE_HEADERS);
      fields['server-timing'] = o.serverTiming();
      raw.writeHead(200, fields);
      ctx.committed = true;
    }
    if (last) return end(out);
    if (parts.length === 0) setImmediate(flush);
    parts.push(out);
  };

  try {
    const frames = new UpstreamFrames(translator.framing, translator.raw);
    const relay = (part: UpstreamPart) => {
      if (Buffer.isBuffer(part)) return send(part);
      let out = '';
      for (const event of part) out += translator.push(event);
      send(out);
    };
    for await (const chunk of body) frames.read(chunk, relay);
    frames.end(relay);
    if (!translator.finished) throw new ProviderError('server', `${o.provider.name} ended the stream without finishing the answer`);
    let estimated = false;
    const closing = translator.end(() => {
      estimated = true;
      return o.count(translator.completionText());
    });
    if (!ctx.committed && !closing) throw new ProviderError('server', `${o.provider.name} sent an empty stream`);
    return { status: 200, usage: translator.usage!, estimated, error: null, deliver: () => send(closing, true) };
  } catch (e) {
    if (!ctx.committed) throw e;
    const estimated = !translator.usage;
    const delivered = translator.usage ?? o.count(translator.completionText());
    const refusal = o.abort.refusal;
    if (refusal) {
      return { status: 401, usage: delivered, estimated, error: `stream ended by the gateway: ${refusal}`, deliver: () => !raw.destroyed && end(translator.error(401, refusal)) };
    }
    if (o.abort.aborted || isAbort(e)) return { status: 499, usage: delivered, estimated, error: 'client closed the stream', deliver: () => raw.destroy() };
    const error = transportError(e, o.provider);
    const status = error instanceof ProviderError ? providerErrorStatus(error, ctx.format) : 502;
    const message = o.callerMessage(error);
    return {
      status,
      usage: delivered,
      estimated,
      error: `stream broke after it began: ${error.message}`,
      deliver: () => {
        if (!raw.destroyed) end(translator.error(status, `The upstream stream broke: ${message}`));
      },
    };
  }
}
