import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import { parse as secureParse } from 'secure-json-parse';
import { CORS_EXPOSED_HEADERS, errorBody, formatOf, type ClientFormat } from './client-format';
import { ChatCompletionsCodec } from './codecs/chat-completions.codec';
import type { CallerRequest, EndpointCodec } from './codecs/codec';
import { EmbeddingsCodec } from './codecs/embeddings.codec';
import { MessagesCodec } from './codecs/messages.codec';
import { ResponsesCodec } from './codecs/responses.codec';
import { CountTokensHandler } from './count-tokens.handler';
import { exceedsDepth } from './json-text';
import { GatewayExchange } from './gateway-exchange.service';
import { GatewayReply, readBody, type GatewayRequest } from './gateway-reply';
import { ModelsHandler } from './models.handler';
import { newRequestId } from './request-id';

type Run = (req: GatewayRequest, reply: GatewayReply) => Promise<void>;
type Route = { method: 'GET' | 'POST'; format: ClientFormat; run: Run };

const MODEL_PATH = '/v1/models/';
/** Deeper bodies are refused before any work (no API needs more; deep nesting overflows serialisers). */
export const MAX_DEPTH = 64;

/**
 * The gateway API (`/v1/*` and the `/api/v1` aliases) served straight from node:http, in
 * front of Fastify: no router, hooks, content-type parser or reply serialiser per request
 * (PERFORMANCE.md). Every `/v1/*` path is the gateway's, so an unknown one gets a 404 in the
 * caller's format; preflights and the management API fall through to Nest/Fastify.
 */
@Injectable()
export class GatewayServer {
  private readonly routes = new Map<string, Route>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    exchange: GatewayExchange,
    chat: ChatCompletionsCodec,
    messages: MessagesCodec,
    responses: ResponsesCodec,
    embeddings: EmbeddingsCodec,
    countTokens: CountTokensHandler,
    private readonly models: ModelsHandler,
  ) {
    const codec = (c: EndpointCodec<CallerRequest>): Route => ({ method: 'POST', format: c.format, run: (req, reply) => exchange.run(c, req, reply) });
    const count: Route = { method: 'POST', format: 'anthropic', run: (req, reply) => countTokens.handle(req, reply) };
    for (const prefix of ['/v1', '/api/v1']) {
      this.routes.set(`${prefix}/chat/completions`, codec(chat));
      this.routes.set(`${prefix}/messages`, codec(messages));
      this.routes.set(`${prefix}/messages/count_tokens`, count);
      this.routes.set(`${prefix}/responses`, codec(responses));
    }
    this.routes.set('/v1/embeddings', codec(embeddings));
    this.routes.set('/v1/models', { method: 'GET', format: 'openai', run: (req, reply) => models.list(req, reply) });
  }

  /** Every gateway route as `METHOD /path` (for the authorization matrix and docs). */
  routeTable(): string[] {
    return [...[...this.routes].map(([path, route]) => `${route.method} ${path}`), `GET ${MODEL_PATH}:model`];
  }

  /** Whether this request is the gateway's (else Fastify serves it). */
  owns(req: IncomingMessage): boolean {
    if (req.method === 'OPTIONS') return false;
    const path = pathOf(req.url ?? '');
    return path === '/v1' || path.startsWith('/v1/') || this.routes.has(path);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = pathOf(req.url ?? '');
    const route = this.routes.get(path);
    const id = newRequestId();
    const reply = new GatewayReply(res, id);
    this.cors(req, reply);
    const format = route?.format ?? formatOf(path, req.headers);
    try {
      if (!route || route.method !== req.method) {
        if (req.method === 'GET' && path.startsWith(MODEL_PATH) && path.length > MODEL_PATH.length) {
          return await this.models.get({ id, headers: req.headers, body: undefined, text: '' }, reply, decodeURIComponent(path.slice(MODEL_PATH.length)));
        }
        req.resume();
        const known = route ? `${path} takes ${route.method}` : `Unknown gateway route ${req.method} ${path}`;
        return this.refuse(reply, format, 404, known, 'not_found');
      }
      let body: unknown;
      let text = '';
      if (route.method === 'POST') {
        const read = await readBody(req, this.config.http.bodyLimitBytes);
        if (read === null) return this.refuse(reply, format, 413, `Request body is larger than ${this.config.http.bodyLimitBytes} bytes`, 'request_too_large', true);
        text = read;
        if (exceedsDepth(text, MAX_DEPTH)) return this.refuse(reply, format, 400, `The request body nests deeper than ${MAX_DEPTH} levels`, 'invalid_request');
        body = parseJson(text);
        if (body === INVALID) return this.refuse(reply, format, 400, 'The request body is not valid JSON', 'invalid_request');
      }
      await route.run({ id, headers: req.headers, body, text }, reply);
    } catch {
      if (!reply.sent) this.refuse(reply, format, 500, 'Internal gateway error', null);
      else res.destroy();
    }
  }

  private refuse(reply: GatewayReply, format: ClientFormat, status: number, message: string, code: string | null, close = false) {
    if (close) reply.header('connection', 'close');
    reply.status(status).send(errorBody(format, status, message, code));
  }

  /** The configured CORS origins; a key's allowedOrigins narrow it further in the exchange. */
  private cors(req: IncomingMessage, reply: GatewayReply) {
    const origin = req.headers.origin;
    if (!origin) return;
    const allowed = this.config.http.corsOrigins;
    if (allowed !== true && !allowed.includes(origin)) return;
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin').header('access-control-expose-headers', CORS_EXPOSED_HEADERS);
  }
}

const pathOf = (url: string) => {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
};

const INVALID = Symbol('invalid');

/** JSON.parse, with the prototype-poisoning check only when the text could need it. */
function parseJson(text: string): unknown {
  try {
    return text.includes('__proto__') || text.includes('constructor') ? secureParse(text, undefined, { protoAction: 'remove', constructorAction: 'remove' }) : JSON.parse(text);
  } catch {
    return INVALID;
  }
}
