import { randomUUID } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from '@fastify/helmet';
import { type FastifyBaseLogger, LogController } from 'fastify';
import fastifyStatic from '@fastify/static';
import { AppConfig } from '@gateway/config';
import { MetricsRoute } from '@gateway/metrics';
import { GatewayServer, isGatewayPath } from '@gateway/proxy';
import { ToolsProxyRoute } from '@gateway/tools';
import { AppModule } from './app.module';
import { Database } from './database';
import { HttpExceptionFilter } from './http-exception.filter';
import { registerCors } from './cors';
import { createLogger, PinoNestLogger } from './logger';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Objects and arrays nested past this are refused (400) before parsing: deeper input only overflows stacks. */
const MAX_JSON_DEPTH = 64;

/** Build the API (not yet listening): Fastify, global pipes and filters, docs, the console. */
export async function createApp(config: AppConfig, db: Database): Promise<NestFastifyApplication> {
  const logger = createLogger(config.logLevel, config.logFormat ?? undefined);
  // The gateway routes are answered before Fastify sees the request (GatewayServer); set once the app exists.
  const gateway: { server?: GatewayServer } = {};
  const adapter = new FastifyAdapter({
    serverFactory: (handler: RequestListener) => {
      const server = createServer((req, res) => {
        if (gateway.server?.owns(req)) void gateway.server.handle(req, res);
        else handler(req, res);
      });
      // Fastify sets this only on servers it makes itself; Node's 5 s default would close idle
      // connections a load balancer (60 s idle) or a client still counts on: "socket hang up".
      server.keepAliveTimeout = config.http.keepAliveTimeoutMs;
      return server;
    },
    loggerInstance: logger,
    // Fastify's own per-request log lines are off; ours (onResponse below) are fewer.
    logController: new LogController({ disableRequestLogging: true }),
    // One logger for all requests: a pino child per request costs ~10 µs on the gateway path.
    childLoggerFactory: (parent: FastifyBaseLogger) => parent,
    bodyLimit: config.http.bodyLimitBytes,
    // Long path values (a caller's request id) reach the route's validation and get its 400, not the router's 414.
    routerOptions: { maxParamLength: 1000 },
    trustProxy: config.http.trustProxy,
    // Management calls may carry the caller's trace id. Gateway calls always get a fresh one:
    // it is the key that charges and logs a request exactly once, so a caller must not choose it.
    requestIdHeader: false,
    genReqId: (req: { url?: string; headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return !isGatewayPath(req.url ?? '') && typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ config, databaseUrl: db.url, embedded: db.embedded }), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: true,
  });
  const fastify = app.getHttpAdapter().getInstance();
  registerBodyParsers(app, config.http.bodyLimitBytes);
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header('x-request-id', req.id);
    done();
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    if (reply.statusCode >= 500 || (req.url.startsWith('/api/') && !req.url.startsWith('/api/v1/health'))) {
      req.log.info({ method: req.method, url: req.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    }
    done();
  });
  // Errors reach HttpExceptionFilter through the handler Nest registers at init (one handler: Fastify warns on a second).
  await app.register(helmet, { contentSecurityPolicy: false, crossOriginResourcePolicy: false });
  registerCors(fastify, config.http.corsOrigins);
  app.get(MetricsRoute).register(fastify);
  app.get(ToolsProxyRoute).register(fastify);
  gateway.server = app.get(GatewayServer);
  app.setGlobalPrefix('api/v1');
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();

  const docs = new DocumentBuilder().setTitle('LLM Gateway').setDescription('Management API (/api/v1) and gateway API (/v1)').setVersion('1').addBearerAuth().build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, docs));

  await serveConsole(app, config.http.consoleDir);
  return app;
}

/**
 * JSON bodies are checked for depth before they are parsed, so a body nested thousands deep is a
 * 400 in the management error shape rather than a stack overflow in parsing or validation. Form
 * bodies are parsed as before (registering one parser replaces Nest's defaults for both).
 */
function registerBodyParsers(app: NestFastifyApplication, bodyLimit: number) {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<Server>('application/json', { bodyLimit }, (req, body, done) => {
    const text = body.toString('utf8');
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      return done(Object.assign(new Error(`The request body nests deeper than ${MAX_JSON_DEPTH} levels`), { statusCode: 400, code: 'GW_BODY_TOO_DEEP' }), undefined);
    }
    parseJson(req, text, done);
  });
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit }, (_req, body, done) => {
    const form: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
      const had = form[name];
      if (had === undefined) form[name] = value;
      else if (Array.isArray(had)) had.push(value);
      else form[name] = [had, value];
    }
    done(null, form);
  });
}

/**
 * Whether JSON text nests objects and arrays deeper than `max`: one pass, string contents (with
 * their escapes) skipped, so brackets inside strings do not count and the cost is O(length).
 */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** The built Angular console at `/`, with the SPA's client-side routes falling back to index.html. */
async function serveConsole(app: NestFastifyApplication, dir: string) {
  if (!existsSync(join(dir, 'index.html'))) return;
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, { root: dir, prefix: '/', wildcard: false, index: ['index.html'] });
  // Client-side routes of the SPA (`/keys`, `/admin/users`...) get index.html; unknown API paths a JSON 404.
  fastify.get('/*', (req, reply) => {
    const path = req.url.split('?')[0];
    if (path.startsWith('/api/') || path.startsWith('/v1/') || path.includes('.')) {
      return reply.status(404).send({ statusCode: 404, error: 'Not Found', message: `Cannot GET ${path}`, requestId: req.id });
    }
    return reply.type('text/html').sendFile('index.html');
  });
}
