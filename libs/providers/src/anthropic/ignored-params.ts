import { isObject } from '../common/json';
import type { AnthropicRequest, AnthropicTool } from './anthropic.types';

/** Unified request fields the Anthropic translation reads; whatever else a request sets is reported. */
export const ANTHROPIC_HANDLED: ReadonlySet<string> = new Set([
  'max_completion_tokens',
  'max_tokens',
  'parallel_tool_calls',
  'reasoning_effort',
  'response_format',
  'stop',
  'temperature',
  'thinking_budget',
  'tool_choice',
  'tools',
  'top_k',
  'top_p',
  'user',
]);

/** Anthropic request fields the unified request carries. */
const INBOUND_HANDLED: ReadonlySet<string> = new Set([
  'max_tokens',
  'messages',
  'metadata',
  'model',
  'stop_sequences',
  'stream',
  'system',
  'temperature',
  'thinking',
  'tool_choice',
  'tools',
  'top_k',
  'top_p',
]);

/** Server tools (web search, code execution…) carry a versioned type and run at Anthropic: only client tools translate. */
export function isClientTool(tool: AnthropicTool): boolean {
  return tool.input_schema !== undefined && (!tool.type || tool.type === 'custom');
}

function hasCacheControl(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasCacheControl);
  return isObject(value) && ('cache_control' in value || Object.values(value).some(hasCacheControl));
}

/** What an Anthropic caller set that the unified request cannot carry (content blocks are checked as they are mapped). */
export function inboundIgnored(body: AnthropicRequest): Set<string> {
  const fields = body as unknown as Record<string, unknown>;
  const ignored = new Set(Object.keys(fields).filter((field) => !INBOUND_HANDLED.has(field) && fields[field] != null && fields[field] !== false));
  if (hasCacheControl([body.system, body.messages, body.tools])) ignored.add('cache_control');
  // Only the effort of output_config translates (into reasoning_effort).
  if (isObject(fields.output_config) && Object.keys(fields.output_config).every((key) => key === 'effort')) ignored.delete('output_config');
  if (isObject(body.metadata) && Object.keys(body.metadata).some((key) => key !== 'user_id')) ignored.add('metadata');
  if (Array.isArray(body.tools) && body.tools.some((tool) => !isClientTool(tool))) ignored.add('tools');
  return ignored;
}
