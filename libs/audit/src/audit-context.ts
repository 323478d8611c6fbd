import { AsyncLocalStorage } from 'node:async_hooks';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { AuthUser } from '@gateway/auth-core';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';

/** Who did it, from where: taken from the management request an action runs in. */
export interface AuditActor {
  userId: string | null;
  keyId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

const storage = new AsyncLocalStorage<AuditActor>();

export const NO_ACTOR: AuditActor = { userId: null, keyId: null, ip: null, userAgent: null, requestId: null };

/** The actor of the management request being handled (no actor in a job). */
export const currentActor = (): AuditActor => storage.getStore() ?? NO_ACTOR;

/**
 * Makes each management request's caller, address, user agent and request id available to the
 * services it calls, so an audit record needs no extra parameter through every layer. Runs after
 * the guards, so `request.user` is known. The gateway's /v1 path never reaches Nest.
 */
@Injectable()
export class AuditContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const agent = req.headers['user-agent'];
    const actor: AuditActor = {
      userId: req.user?.id ?? null,
      keyId: req.user?.key?.id ?? null,
      ip: req.ip ?? null,
      userAgent: typeof agent === 'string' ? agent.slice(0, 512) : null,
      requestId: String(req.id),
    };
    return storage.run(actor, () => next.handle());
  }
}
