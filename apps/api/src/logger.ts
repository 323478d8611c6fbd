import type { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import pretty from 'pino-pretty';

/** Secrets never reach a log line: these paths are replaced by [redacted]. */
const REDACT = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  '*.password',
  '*.apiKey',
  '*.accessToken',
  '*.refreshToken',
  '*.key',
];

/**
 * JSON lines for log collectors; on a terminal (a developer running `npm start`), the same
 * records pretty-printed and coloured, in process (no worker thread). `LOG_FORMAT` overrides.
 */
export function createLogger(level: string, format: 'json' | 'pretty' = process.stdout.isTTY ? 'pretty' : 'json'): Logger {
  const options = { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'gateway' } };
  if (format === 'json') return pino(options);
  return pino(options, pretty({ colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service', messageKey: 'msg', sync: true }));
}

/** Nest's start-up chatter (every route, every module): useful when debugging, noise otherwise. */
const CHATTY = new Set(['RouterExplorer', 'RoutesResolver', 'InstanceLoader']);

/** Nest's logger interface over pino, so the framework and our code write one JSON stream. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    if (context && CHATTY.has(context)) this.logger.debug({ context }, String(message));
    else this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
