import { isObject } from '../common/json';

/** JSON Schema keywords Gemini's OpenAPI-subset schema rejects ("Unknown name …"). */
const UNSUPPORTED = new Set(['$schema', '$id', '$comment', 'additionalProperties', 'strict', 'examples', 'default', '$defs', 'definitions']);

/** A tool's JSON Schema made acceptable to Gemini's `parameters`; undefined when it takes no arguments. */
export function toGeminiSchema(schema: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!schema) return undefined;
  const cleaned = clean(schema) as Record<string, unknown>;
  // Gemini rejects an OBJECT without properties.
  if (cleaned.type === 'object' && (!isObject(cleaned.properties) || !Object.keys(cleaned.properties).length)) return undefined;
  return cleaned;
}

function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (UNSUPPORTED.has(key)) continue;
    // `properties` maps names to schemas: its keys are names, never keywords.
    out[key] = key === 'properties' && isObject(child) ? Object.fromEntries(Object.entries(child).map(([name, s]) => [name, clean(s)])) : clean(child);
  }
  return out;
}
