import { GatewayError } from './client-format';

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function bad(message: string): never {
  throw new GatewayError(400, message, 'invalid_request');
}

/** `stream` a boolean, token limits positive integers, temperature and top_p numbers. */
export function checkSampling(body: Record<string, unknown>, limits: string[]): void {
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') bad('stream: must be a boolean');
  for (const field of limits) {
    const v = body[field];
    if (v !== undefined && v !== null && (!Number.isInteger(v) || (v as number) < 1)) bad(`${field}: must be a positive integer`);
  }
  for (const field of ['temperature', 'top_p']) {
    const v = body[field];
    if (v !== undefined && v !== null && typeof v !== 'number') bad(`${field}: must be a number`);
  }
  if (body.tools !== undefined && body.tools !== null && !Array.isArray(body.tools)) bad('tools: must be an array');
}
