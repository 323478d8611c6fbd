import type { ChatRequest } from '../unified.types';
import { isEffortLevel } from './reasoning';

/** Read by every translation, or only steering the gateway: never reported. */
const ALWAYS_CARRIED = new Set(['model', 'messages', 'stream', 'stream_options']);

/** Defaults that are not `false`: a field set to its default asks for nothing (`n: 1`, `logprobs: false`). */
const DEFAULTS: Readonly<Record<string, unknown>> = { n: 1, parallel_tool_calls: true };

function asksForSomething(field: string, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return Object.hasOwn(DEFAULTS, field) ? value !== DEFAULTS[field] : value !== false;
}

/**
 * The request's top-level fields a target cannot honour, from the target's whitelist of the
 * fields its translation reads: fields we do not know are reported too. Translations add the
 * fields they drop on conditions (thinking conflicts, forced tool choices...).
 */
export function unhandledFields(request: ChatRequest, handled: ReadonlySet<string>): Set<string> {
  const fields = Object.keys(request).filter((field) => !ALWAYS_CARRIED.has(field) && !handled.has(field) && asksForSomething(field, request[field]));
  const effort = request.reasoning_effort;
  if (effort != null && effort !== 'none' && !isEffortLevel(effort)) fields.push('reasoning_effort');
  return new Set(fields);
}

/** A translated upstream body and the caller fields the target cannot honour. */
export interface Translation<T> {
  body: T;
  ignored: string[];
}
