import { AsyncLocalStorage } from 'node:async_hooks';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { AuthUser } from '@gateway/auth-core';
import type { FastifyRequest } from 'fastify';
import { finalize, type Observable } from 'rxjs';

/** Who did it, from where: taken from the management request an action runs in. */
export interface AuditActor {
  userId: string | null;
  keyId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

const storage = new AsyncLocalStorage<AuditActor>();
/** Management requests under way. */
let running = 0;

/**
 * Whether the context is on. On Node 20 an enabled AsyncLocalStorage hooks every promise the
 * process makes — the gateway's /v1 path too, which never needs it (~8 µs and several small
 * objects per request in the bench's profile) — so it is on only while a management request
 * runs, and off again when the last one ends.
 */
export const auditContextOn = (): boolean => running > 0;

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
    running++;
    return storage.run(actor, () => next.handle()).pipe(
      finalize(() => {
        if (--running === 0) storage.disable();
      }),
    );
  }
}
