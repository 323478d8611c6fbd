import { CORS_EXPOSED_HEADERS } from '@gateway/proxy';
import type { FastifyInstance } from 'fastify';

const ALLOWED_HEADERS = 'authorization, content-type, x-api-key, x-request-id, anthropic-version, anthropic-beta, x-stainless-os, x-stainless-lang, x-stainless-runtime';

/**
 * CORS as one onRequest hook that costs nothing when there is no Origin header (servers
 * calling the gateway send none), where @fastify/cors resolves its options on every
 * request. Gateway keys with allowedOrigins narrow this further in the proxy.
 */
export function registerCors(fastify: FastifyInstance, origins: string[] | true): void {
  const allowed = (origin: string) => origins === true || origins.includes(origin);
  fastify.addHook('onRequest', (req, reply, done) => {
    const origin = req.headers.origin;
    if (!origin) return done();
    if (!allowed(origin)) {
      if (req.method === 'OPTIONS') return void reply.status(204).header('vary', 'Origin').send();
      return done();
    }
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin').header('access-control-expose-headers', CORS_EXPOSED_HEADERS);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      return void reply
        .status(204)
        .header('access-control-allow-methods', 'GET, POST, PATCH, PUT, DELETE, OPTIONS')
        .header('access-control-allow-headers', req.headers['access-control-request-headers'] ?? ALLOWED_HEADERS)
        .header('access-control-max-age', '600')
        .send();
    }
    done();
  });
  // Preflights for any path reach the hook above.
  fastify.options('/*', (_req, reply) => void reply.status(204).send());
}
