import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { ChatHandler } from './chat.handler';
import { EmbeddingsHandler } from './embeddings.handler';
import { ModelsHandler } from './models.handler';

/**
 * The gateway API as plain Fastify routes on Nest's own Fastify instance: no guards,
 * pipes or interceptors per request (see PERFORMANCE.md); the services come from Nest's container.
 */
@Injectable()
export class GatewayRoutes {
  constructor(
    private readonly chat: ChatHandler,
    private readonly embeddings: EmbeddingsHandler,
    private readonly models: ModelsHandler,
  ) {}

  register(fastify: FastifyInstance): void {
    // API answers need none of helmet's browser-page headers; skipping them saves ~20 µs a request.
    const lean = { helmet: false } as object;
    for (const prefix of ['/v1', '/api/v1']) {
      fastify.post(`${prefix}/chat/completions`, lean, (req, reply) => this.chat.handle(req, reply, 'openai'));
      fastify.post(`${prefix}/messages`, lean, (req, reply) => this.chat.handle(req, reply, 'anthropic'));
    }
    fastify.post('/v1/embeddings', lean, (req, reply) => this.embeddings.handle(req, reply));
    fastify.get('/v1/models', lean, (req, reply) => this.models.handle(req, reply));
  }
}
