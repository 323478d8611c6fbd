import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer } from '../support/loopback-server';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  /** The body byte for byte, as signed. */
  raw: string;
  body: any;
  /** When it arrived (ms). */
  at: number;
}

/** A webhook receiver on 127.0.0.1: records every POST; each path answers with its script of statuses. */
export class WebhookReceiver extends LoopbackServer {
  readonly received: Received[] = [];
  private readonly scripts = new Map<string, number[]>();
  private paths = 0;

  /** A fresh path answering these statuses in turn, the last one for ever (default: 200). */
  path(...statuses: number[]): string {
    const path = `/hook-${++this.paths}`;
    this.scripts.set(path, statuses.length ? statuses : [200]);
    return path;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    this.received.push({ path: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw), at: Date.now() });
    const script = this.scripts.get(req.url ?? '') ?? [404];
    const status = script.length > 1 ? script.shift()! : script[0];
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'receiver says no');
  }
}

/** What a receiver does with `x-gateway-signature`: the timestamp when the HMAC matches, else null. */
export function verifySignature(header: string | string[] | undefined, raw: string, secret: string): number | null {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(header));
  if (!m) return null;
  const expected = createHmac('sha256', secret).update(`${m[1]}.${raw}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2], 'hex')) ? Number(m[1]) : null;
}
