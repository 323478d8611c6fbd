import { errors } from 'undici';
import type { UpstreamRequest } from '../provider-adapter.interface';
import type { ClientAbort, UpstreamCallOptions, UpstreamStream, UpstreamText, UpstreamTransport } from '../upstream-transport';
import { answerFor } from './mock-server';

type CallOptions = Omit<UpstreamCallOptions, 'signal'>;

/** The provider's configured `x-mock-latency-ms` header, which the request carries. */
function latencyOf(req: UpstreamRequest): number {
  const name = Object.keys(req.headers).find((header) => header.toLowerCase() === 'x-mock-latency-ms');
  const value = Number(name ? req.headers[name] : 0);
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Wait before sending one part of a body. Fails with undici's own errors, so that the proxy
 * treats the mock as it treats HTTP: aborted by the caller, or a wait past the body timeout.
 */
function pause(ms: number, options: CallOptions, abort?: ClientAbort): Promise<void> {
  if (abort?.aborted) return Promise.reject(new errors.RequestAbortedError());
  if (!ms) return Promise.resolve();
  const timesOut = options.bodyTimeoutMs > 0 && ms >= options.bodyTimeoutMs;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => {
        abort?.onAbort(null);
        if (timesOut) reject(new errors.BodyTimeoutError());
        else resolve();
      },
      timesOut ? options.bodyTimeoutMs : ms,
    );
    abort?.onAbort(() => {
      clearTimeout(timer);
      reject(new errors.RequestAbortedError());
    });
  });
}

async function* paced(parts: string[], latency: number, options: CallOptions, abort?: ClientAbort): AsyncGenerator<Buffer> {
  for (const part of parts) {
    await pause(latency, options, abort);
    yield Buffer.from(part, 'utf8');
  }
}

/**
 * The built-in mock's transport: a fake OpenAI-compatible server in process (see mock-server.ts
 * and mock-reply.ts), each part of a body (a stream's chunk, or a whole JSON answer) sent after
 * the provider's `x-mock-latency-ms`.
 */
export class MockTransport implements UpstreamTransport {
  async fetchText(req: UpstreamRequest, options: CallOptions, abort?: ClientAbort): Promise<UpstreamText> {
    if (abort?.aborted) throw new errors.RequestAbortedError();
    const answer = answerFor(req);
    const latency = latencyOf(req);
    let text = '';
    for (const part of answer.parts) {
      await pause(latency, options, abort);
      text += part;
    }
    return { statusCode: answer.statusCode, text, retryAfter: answer.retryAfter };
  }

  async fetchStream(req: UpstreamRequest, options: CallOptions, abort?: ClientAbort): Promise<UpstreamStream> {
    if (abort?.aborted) throw new errors.RequestAbortedError();
    const answer = answerFor(req);
    return { statusCode: answer.statusCode, body: paced(answer.parts, latencyOf(req), options, abort), retryAfter: answer.retryAfter };
  }
}
