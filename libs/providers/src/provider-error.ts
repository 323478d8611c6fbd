/** The kinds of failure the gateway tells its callers about. */
export type ProviderErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'rate_limit'
  | 'overloaded'
  | 'server'
  | 'timeout'
  | 'connection';

/** Every upstream failure, whatever its provider, is mapped into this one error. */
export class ProviderError extends Error {
  /** The upstream's `retry-after`, passed on to callers with a 429. */
  retryAfter?: string;

  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    /** The upstream's HTTP status, when there was one. */
    readonly upstreamStatus?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  /** Whether the next target may be tried: rate limits, overload, 5xx, timeouts, connection errors. */
  get retryable(): boolean {
    return ['rate_limit', 'overloaded', 'server', 'timeout', 'connection'].includes(this.kind);
  }

  /** The status the gateway answers with once every target has failed this way. */
  get gatewayStatus(): number {
    switch (this.kind) {
      case 'invalid_request':
        return 400;
      case 'not_found':
        return 404;
      case 'rate_limit':
        return 429;
      case 'timeout':
        return 504;
      default:
        return 502;
    }
  }
}
