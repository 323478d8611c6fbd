import { isObject } from '../common/json';
import type { ChatRequest } from '../unified.types';
import type { AnthropicTool } from './anthropic.types';

/**
 * Anthropic has no response_format, so structured output is emulated with a tool: its
 * input_schema is the caller's schema, tool_choice forces it, and the answer's call of it comes
 * back as the message text (the JSON) with finish_reason stop. The name carries a fixed prefix
 * because the response side sees only the answer, never the request.
 */
const PREFIX = 'structured_output';
const MAX_NAME = 64;

export function structuredOutputTool(format: ChatRequest['response_format']): AnthropicTool | undefined {
  if (!isObject(format)) return undefined;
  if (format.type === 'json_object') return { name: PREFIX, description: 'Give the answer as a JSON object.', input_schema: { type: 'object' } };
  if (format.type !== 'json_schema' || !isObject(format.json_schema)) return undefined;
  const { name, description, schema } = format.json_schema;
  const safeName = String(name ?? 'answer').replace(/[^a-zA-Z0-9_-]/g, '_');
  return {
    name: `${PREFIX}__${safeName}`.slice(0, MAX_NAME),
    description: description ?? `Give the answer as JSON matching the "${safeName}" schema.`,
    input_schema: isObject(schema) ? schema : { type: 'object' },
  };
}

export function isStructuredOutputTool(name: unknown): boolean {
  return name === PREFIX || (typeof name === 'string' && name.startsWith(`${PREFIX}__`));
}
