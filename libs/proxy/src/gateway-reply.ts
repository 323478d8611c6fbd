import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** One gateway request, read straight off node:http (see GatewayServer). */
export interface GatewayRequest {
  id: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The body as it came (the passthrough path forwards it). */
  text: string;
}

/** The few reply operations the gateway handlers use, over a bare ServerResponse. */
export class GatewayReply {
  private code = 200;
  private readonly fields: Record<string, string>;

  constructor(
    readonly raw: ServerResponse,
    requestId: string,
  ) {
    this.fields = { 'x-request-id': requestId };
  }

  status(code: number): this {
    this.code = code;
    return this;
  }

  header(name: string, value: string): this {
    this.fields[name.toLowerCase()] = value;
    return this;
  }

  headers(values: Record<string, string>): this {
    for (const [k, v] of Object.entries(values)) this.fields[k.toLowerCase()] = v;
    return this;
  }

  type(contentType: string): this {
    return this.header('content-type', contentType);
  }

  removeHeader(name: string): void {
    delete this.fields[name.toLowerCase()];
  }

  getHeaders(): Record<string, string> {
    return this.fields;
  }

  get sent(): boolean {
    return this.raw.headersSent;
  }

  /** Headers, then the body (an object is sent as JSON). */
  send(body: unknown): void {
    if (this.raw.headersSent) return;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    this.fields['content-type'] ??= 'application/json; charset=utf-8';
    this.fields['content-length'] = String(Buffer.byteLength(text));
    this.raw.writeHead(this.code, this.fields);
    this.raw.end(text);
  }
}

/** Read a request body up to `limit` bytes; resolves null when it is larger. */
export function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      return resolve(null);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        return resolve(null);
      }
      chunks.push(chunk);
    });
    let ended = false;
    req.on('end', () => {
      ended = true;
      if (!tooLarge) resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
    // The caller went away mid-upload: nothing to answer.
    req.on('close', () => {
      if (!ended && !tooLarge) reject(new Error('request aborted'));
    });
  });
}
