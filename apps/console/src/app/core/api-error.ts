import { HttpErrorResponse } from '@angular/common/http';
import type { AbstractControl, FormGroup } from '@angular/forms';
import type { ApiErrorBody } from '@gateway/contracts';
import { humanizeMessage } from './field-labels';

/** The gateway's OpenAI-format error body (`/v1`). */
export interface GatewayErrorBody {
  error: { message: string; type?: string; code?: string | number | null };
}

/** Thrown by fetch-based calls so they read like HttpClient errors. */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(bodyMessages(body)[0] ?? `Request failed (${status})`);
  }
}

function bodyMessages(body: unknown): string[] {
  if (!body || typeof body !== 'object') return typeof body === 'string' && body ? [body] : [];
  const api = body as Partial<ApiErrorBody>;
  if (Array.isArray(api.message)) return api.message.map(String);
  if (typeof api.message === 'string') return [api.message];
  const gateway = body as Partial<GatewayErrorBody>;
  if (gateway.error && typeof gateway.error === 'object' && gateway.error.message) return [gateway.error.message];
  return [];
}

/** Every human-readable message in an error from either API family; validation messages name fields as people read them. */
export function errorMessages(err: unknown): string[] {
  return rawMessages(err).map(humanizeMessage);
}

/** The API's messages as sent (field names as the API spells them), for pages with their own wording. */
export function rawMessages(err: unknown): string[] {
  if (err instanceof HttpErrorResponse) {
    if (err.status === 0) return ['Cannot reach the server. Check your connection and try again.'];
    const messages = bodyMessages(err.error);
    return messages.length ? messages : [`${err.status} ${err.statusText || 'Request failed'}`];
  }
  if (err instanceof GatewayError) return bodyMessages(err.body).length ? bodyMessages(err.body) : [err.message];
  if (err instanceof Error) return [err.message];
  return ['Something went wrong'];
}

export const errorText = (err: unknown): string => errorMessages(err).join('; ');

export const errorStatus = (err: unknown): number | null =>
  err instanceof HttpErrorResponse || err instanceof GatewayError ? err.status : null;

function controlFor(form: FormGroup, message: string): AbstractControl | null {
  // Only leaf controls can show a message under their field; nested paths go to the form.
  const names = Object.keys(form.controls)
    .filter((n) => !('controls' in form.controls[n]))
    .sort((a, b) => b.length - a.length);
  const name = names.find((n) => message === n || message.startsWith(`${n} `) || message.startsWith(`${n}.`));
  return name ? form.controls[name] : null;
}

/**
 * Puts 400 validation messages ("email must be an email") on the matching
 * control as `{server: message}`; returns the messages no control matched.
 */
export function applyFieldErrors(form: FormGroup, err: unknown): string[] {
  if (errorStatus(err) !== 400) return errorMessages(err);
  const unmatched: string[] = [];
  // Matched on the API's field names, shown with the labels people read.
  for (const message of rawMessages(err)) {
    const control = controlFor(form, message);
    if (control) {
      control.setErrors({ ...(control.errors ?? {}), server: humanizeMessage(message) });
      control.markAsTouched();
    } else {
      unmatched.push(humanizeMessage(message));
    }
  }
  return unmatched;
}
