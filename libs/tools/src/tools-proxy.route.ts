import { Injectable } from '@nestjs/common';
import { cookieValue, PrincipalResolver } from '@gateway/auth';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Agent, request, type Dispatcher } from 'undici';
import { TOOLS_COOKIE, withoutCookie } from './tool-session';
import { ToolsService } from './tools.service';
import { frameableHeaders } from './upstream-headers';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'authorization', 'cookie', 'content-length']);

/**
 * `/tools/<slug>/…`: the registered tool's origin, same-origin for the console's frame. Only an
 * active admin's tools cookie gets through; the gateway's credentials never reach the tool, and
 * the tool's frame-blocking headers are relaxed to this origin only.
 */
@Injectable()
export class ToolsProxyRoute {
  private readonly agent = new Agent({ headersTimeout: 30_000, bodyTimeout: 300_000, connections: 16 });

  constructor(
    private readonly tools: ToolsService,
    private readonly principals: PrincipalResolver,
  ) {}

  register(fastify: FastifyInstance): void {
    void fastify.register(async (scope) => {
      // Bodies go to the tool untouched, whatever their type.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
      scope.all('/tools/:slug', (req, reply) => this.serve(req, reply));
      scope.all('/tools/:slug/*', (req, reply) => this.serve(req, reply));
    });
  }

  private async serve(req: FastifyRequest, reply: FastifyReply) {
    const refusal = await this.refusal(req);
    if (refusal) return reply.status(refusal.status).send({ statusCode: refusal.status, error: refusal.status === 401 ? 'Unauthorized' : 'Forbidden', message: refusal.message, requestId: req.id });
    const { slug } = req.params as { slug: string };
    const tool = await this.tools.bySlug(slug);
    if (!tool) return reply.status(404).send({ statusCode: 404, error: 'Not Found', message: `No tool is registered as "${slug}"`, requestId: req.id });
    const prefix = `/tools/${slug}`;
    const rest = req.url.slice(prefix.length) || '/';
    const origin = new URL(tool.url).origin;
    let upstream: Dispatcher.ResponseData;
    try {
      upstream = await request(`${origin}${rest.startsWith('/') ? rest : `/${rest}`}`, {
        method: req.method as Dispatcher.HttpMethod,
        headers: this.forwarded(req, prefix),
        body: req.method === 'GET' || req.method === 'HEAD' ? null : (req.body as Readable | undefined) ?? null,
        dispatcher: this.agent,
      });
    } catch (e) {
      return reply.status(502).send({ statusCode: 502, error: 'Bad Gateway', message: `The tool "${tool.name}" did not answer: ${(e as Error).message}`, requestId: req.id });
    }
    void reply.status(upstream.statusCode).headers(frameableHeaders(upstream.headers, origin, prefix));
    return reply.send(upstream.body);
  }

  private async refusal(req: FastifyRequest): Promise<{ status: 401 | 403; message: string } | null> {
    const token = cookieValue(req.headers.cookie, TOOLS_COOKIE);
    if (!token) return { status: 401, message: 'Tool pages open from the console, for admins: sign in there' };
    const who = await this.principals.resolveToken(token, 'tools');
    if (!who.ok) return { status: who.status, message: who.message };
    return who.user.role === 'admin' ? null : { status: 403, message: 'Tool pages are for admins' };
  }

  private forwarded(req: FastifyRequest, prefix: string): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const cookie = withoutCookie(req.headers.cookie, TOOLS_COOKIE);
    if (cookie) headers.cookie = cookie;
    headers['x-forwarded-host'] = req.headers.host ?? '';
    headers['x-forwarded-proto'] = req.protocol;
    headers['x-forwarded-prefix'] = prefix;
    return headers;
  }
}
