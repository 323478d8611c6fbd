import { ProviderError } from '../provider-error';

/** A 400 naming the caller's field. */
export function invalid(field: string, message: string): never {
  throw new ProviderError('invalid_request', `${field}: ${message}`);
}

export const isPresent = (value: unknown): boolean => value !== undefined && value !== null;

export function optionalString(value: unknown, field: string): string | undefined {
  if (!isPresent(value)) return undefined;
  if (typeof value !== 'string') invalid(field, 'must be a string');
  return value;
}

export function requiredString(value: unknown, field: string): string {
  if (typeof value !== 'string' || !value) invalid(field, 'a non-empty string is required');
  return value;
}

export function optionalNumber(value: unknown, field: string): number | undefined {
  if (!isPresent(value)) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) invalid(field, 'must be a number');
  return value;
}

export function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (!isPresent(value)) return undefined;
  if (typeof value !== 'boolean') invalid(field, 'must be true or false');
  return value;
}
