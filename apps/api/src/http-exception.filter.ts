import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';

/** One error shape for the management API: `{statusCode, error, message, requestId}`; never a stack trace. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost) {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const { status, message, retryAfter } = describe(exception);
    if (status === 503) this.logger.warn(`${request.method} ${request.url}: ${(exception as Error)?.message ?? exception}`);
    else if (status >= 500) this.logger.error(`${request.method} ${request.url} failed: ${(exception as Error)?.stack ?? exception}`);
    if (retryAfter) void reply.header('retry-after', String(retryAfter));
    void reply.status(status).send({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, requestId: request.id });
  }
}

export function describe(exception: unknown): { status: number; message: string | string[]; retryAfter?: number } {
  if (exception instanceof HttpException) {
    const body = exception.getResponse();
    const message = typeof body === 'string' ? body : ((body as { message?: string | string[] }).message ?? exception.message);
    const retryAfter = (exception as { retryAfterSeconds?: number }).retryAfterSeconds;
    return { status: exception.getStatus(), message, retryAfter };
  }
  if (isDatabaseUnavailable(exception)) {
    return { status: HttpStatus.SERVICE_UNAVAILABLE, message: 'The database is unreachable right now; retry shortly', retryAfter: 5 };
  }
  const fastifyError = exception as { statusCode?: number; message?: string; code?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return { status: fastifyError.statusCode, message: friendly(fastifyError) };
  }
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: 'Internal server error' };
}

function friendly(error: { code?: string; message?: string }): string {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'Request body is too large';
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'Unsupported content type: send application/json';
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'Request body is empty';
  return error.message ?? 'Bad request';
}

// Connection-level failures (refused, dropped, server shutting down or starting), not query errors.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);
const UNAVAILABLE_TEXT = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/i;

/** True when PostgreSQL could not be reached or dropped the connection (TypeORM wraps pg's error). */
export function isDatabaseUnavailable(exception: unknown): boolean {
  for (let e = exception as { code?: string; message?: string; driverError?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_TEXT.test(e.message)) return true;
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return false;
}
