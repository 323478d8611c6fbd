export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parse JSON text, or undefined when it is not valid JSON. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Tool-call arguments as an object: upstreams that take objects reject strings, so bad JSON becomes `{}`. */
export function parseArguments(text: string | undefined): JsonObject {
  const parsed = text ? tryParseJson(text) : undefined;
  return isObject(parsed) ? parsed : {};
}
