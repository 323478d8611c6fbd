/**
 * The built-in mock provider answers deterministically from the request.
 *
 * Upstream models with special behaviour, for tests:
 * - `mock-error-500`: fails with a ProviderError of kind `server` (status 500).
 * - `mock-error-429`: fails with a ProviderError of kind `rate_limit` (status 429).
 * - `mock-tool`: calls the first tool given (or the one `tool_choice` names) with arguments
 *   valid for its schema; after a tool result, or with no tools, it answers in text.
 * Any other model answers `Mock reply to: "<first 60 chars of the last user message>". ` plus a
 * fixed sentence, cut to `max_tokens`.
 */
import { textOf } from '../common/content';
import { isObject } from '../common/json';
import { ProviderError } from '../provider-error';
import { truncateToTokens, countTextTokens } from '../token-counter';
import type { ChatRequest, FinishReason, ToolDefinition } from '../unified.types';

export const MOCK_MODELS = [{ id: 'mock-small' }, { id: 'mock-large' }, { id: 'mock-tool' }];

const LOREM = 'The quick brown fox jumps over the lazy dog while the gateway counts every token it sees.';

export type MockReply =
  | { kind: 'text'; text: string; finishReason: FinishReason }
  | { kind: 'tool'; name: string; arguments: string; finishReason: FinishReason };

export function failureFor(upstreamModel: string): ProviderError | undefined {
  if (upstreamModel === 'mock-error-500') return new ProviderError('server', 'Mock upstream failed with status 500', 500);
  if (upstreamModel === 'mock-error-429') return new ProviderError('rate_limit', 'Mock upstream rate limit reached (429)', 429);
  return undefined;
}

function valueFor(schema: unknown): unknown {
  if (!isObject(schema)) return 'mock';
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  switch (schema.type) {
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return objectFor(schema);
    default:
      return 'mock';
  }
}

/** Values for the required properties of an object schema. */
function objectFor(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
  return Object.fromEntries(required.map((name) => [name, valueFor(properties[name])]));
}

function toolFor(request: ChatRequest): ToolDefinition | undefined {
  if (!request.tools?.length || request.tool_choice === 'none') return undefined;
  const choice = request.tool_choice;
  const named = typeof choice === 'object' ? request.tools.find((tool) => tool.function.name === choice.function.name) : undefined;
  return named ?? request.tools[0];
}

export function replyFor(request: ChatRequest, upstreamModel: string): MockReply {
  const last = request.messages[request.messages.length - 1];
  const tool = upstreamModel === 'mock-tool' && last?.role !== 'tool' ? toolFor(request) : undefined;
  if (tool) {
    const args = objectFor(tool.function.parameters ?? {});
    return { kind: 'tool', name: tool.function.name, arguments: JSON.stringify(args), finishReason: 'tool_calls' };
  }
  const lastUser = [...request.messages].reverse().find((message) => message.role === 'user' || message.role === 'tool');
  const prompt = textOf(lastUser?.content).replace(/\s+/g, ' ').trim().slice(0, 60);
  const full = `Mock reply to: "${prompt}". ${LOREM}`;
  const max = request.max_completion_tokens ?? request.max_tokens;
  if (max == null || countTextTokens(full) <= max) return { kind: 'text', text: full, finishReason: 'stop' };
  return { kind: 'text', text: truncateToTokens(full, max), finishReason: 'length' };
}

/** Text split into word groups, the way a model streams it. */
export function streamPieces(text: string, wordsPerPiece = 3): string[] {
  const words = text.match(/\S+\s*/g) ?? [];
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerPiece) pieces.push(words.slice(i, i + wordsPerPiece).join(''));
  return pieces;
}
