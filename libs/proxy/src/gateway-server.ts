import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import { parse as secureParse } from 'secure-json-parse';
import { ChatHandler } from './chat.handler';
import { CORS_EXPOSED_HEADERS, errorBody, type ClientFormat } from './client-format';
import { EmbeddingsHandler } from './embeddings.handler';
import { GatewayReply, readBody, type GatewayRequest } from './exchange';
import { ModelsHandler } from './models.handler';

type Route = { method: 'GET' | 'POST'; format: ClientFormat; run: (req: GatewayRequest, reply: GatewayReply) => Promise<void> };

/**
 * The gateway API (`/v1/*` and the `/api/v1` aliases) served straight from node:http, in
 * front of Fastify: no router, hooks, content-type parser or reply serialiser per request
 * (PERFORMANCE.md). Everything else (preflights included) falls through to Nest/Fastify.
 */
@Injectable()
export class GatewayServer {
  private readonly routes: Map<string, Route>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    chat: ChatHandler,
    embeddings: EmbeddingsHandler,
    models: ModelsHandler,
  ) {
    const openai = (req: GatewayRequest, reply: GatewayReply) => chat.handle(req, reply, 'openai');
    const anthropic = (req: GatewayRequest, reply: GatewayReply) => chat.handle(req, reply, 'anthropic');
    this.routes = new Map<string, Route>([
      ['/v1/chat/completions', { method: 'POST', format: 'openai', run: openai }],
      ['/api/v1/chat/completions', { method: 'POST', format: 'openai', run: openai }],
      ['/v1/messages', { method: 'POST', format: 'anthropic', run: anthropic }],
      ['/api/v1/messages', { method: 'POST', format: 'anthropic', run: anthropic }],
      ['/v1/embeddings', { method: 'POST', format: 'openai', run: (req, reply) => embeddings.handle(req, reply) }],
      ['/v1/models', { method: 'GET', format: 'openai', run: (req, reply) => models.handle(req, reply) }],
    ]);
  }

  /** Whether this request is the gateway's (else Fastify serves it). */
  owns(req: IncomingMessage): boolean {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const route = this.routes.get(q < 0 ? url : url.slice(0, q));
    return route !== undefined && route.method === req.method;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const route = this.routes.get(q < 0 ? url : url.slice(0, q))!;
    const id = randomUUID();
    const reply = new GatewayReply(res, id);
    this.cors(req, reply);
    try {
      let body: unknown;
      if (route.method === 'POST') {
        const text = await readBody(req, this.config.http.bodyLimitBytes);
        if (text === null) return this.refuse(reply, route.format, 413, `Request body is larger than ${this.config.http.bodyLimitBytes} bytes`, true);
        body = parseJson(text);
        if (body === INVALID) return this.refuse(reply, route.format, 400, 'The request body is not valid JSON');
      }
      await route.run({ id, headers: req.headers, body }, reply);
    } catch {
      if (!reply.sent) this.refuse(reply, route.format, 500, 'Internal gateway error');
      else res.destroy();
    }
  }

  private refuse(reply: GatewayReply, format: ClientFormat, status: number, message: string, close = false) {
    if (close) reply.header('connection', 'close');
    reply.status(status).send(errorBody(format, status, message, status === 413 ? 'request_too_large' : 'invalid_request'));
  }

  /** The configured CORS origins; a key's allowedOrigins narrow it further in the handler. */
  private cors(req: IncomingMessage, reply: GatewayReply) {
    const origin = req.headers.origin;
    if (!origin) return;
    const allowed = this.config.http.corsOrigins;
    if (allowed !== true && !allowed.includes(origin)) return;
    reply
      .header('access-control-allow-origin', origin)
      .header('vary', 'Origin')
      .header('access-control-expose-headers', CORS_EXPOSED_HEADERS);
  }
}

const INVALID = Symbol('invalid');

/** JSON.parse, with the prototype-poisoning check only when the text could need it. */
function parseJson(text: string): unknown {
  try {
    return text.includes('__proto__') || text.includes('constructor') ? secureParse(text, undefined, { protoAction: 'remove', constructorAction: 'remove' }) : JSON.parse(text);
  } catch {
    return INVALID;
  }
}
