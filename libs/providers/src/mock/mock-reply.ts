/**
 * What the built-in mock answers: deterministic, from the request alone.
 *
 * Upstream models with special behaviour, for tests:
 * - `mock-error-500` / `mock-error-429`: HTTP 500 / 429 (`retry-after: 1`) with OpenAI error bodies.
 * - `mock-tool`: calls the tool `tool_choice` names, else the first tool, with arguments valid
 *   for its schema; after a tool result, with no tools or with `tool_choice: "none"`, it answers
 *   in text. Every model calls a tool when `tool_choice` forces one (`required` or named). One call
 *   per turn, whatever `parallel_tool_calls` says.
 * Any other model answers `Mock reply to: "<first 60 chars of the last user message>". ` plus a
 * fixed sentence. With `response_format` `json_schema` the text is a JSON object holding the
 * schema's required properties; with `json_object`, `{"reply": "Mock reply to: …"}`.
 *
 * Thinking: `reasoning_effort` (other than `none`) or `thinking_budget` adds a fixed short
 * `reasoning_content`, counted inside `completion_tokens` and as `reasoning_tokens`.
 * `max_tokens` (or `max_completion_tokens`) cuts reasoning, then text, with finish `length`.
 * Cache: a prompt over 1024 tokens reports the largest multiple of 1024 below its size as
 * `cached_tokens`, as if an identical earlier request had primed the cache.
 */
import { textOf } from '../common/content';
import { isObject } from '../common/json';
import { maxTokensOf } from '../common/params';
import { countCompletionTokens, countPromptTokens, countTextTokens, truncateToTokens } from '../token-counter';
import type { ChatRequest, FinishReason, ToolDefinition, Usage } from '../unified.types';

export const MOCK_MODELS = ['mock-small', 'mock-large', 'mock-tool', 'mock-embed'];

const LOREM = 'The quick brown fox jumps over the lazy dog while the gateway counts every token it sees.';
const REASONING = 'A short answer will do: reply in one sentence.';
const CACHE_BLOCK = 1024;

export interface MockReply {
  reasoning?: string;
  content: string | null;
  toolCall?: { name: string; arguments: string };
  finishReason: FinishReason;
  usage: Usage;
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
export function objectFor(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
  return Object.fromEntries(required.map((name) => [name, valueFor(properties[name])]));
}

function toolFor(request: ChatRequest, upstreamModel: string): ToolDefinition | undefined {
  const tools = (request.tools ?? []).filter((tool) => typeof tool?.function?.name === 'string');
  const choice = request.tool_choice;
  if (!tools.length || choice === 'none') return undefined;
  if (isObject(choice)) return tools.find((tool) => tool.function.name === choice.function?.name) ?? tools[0];
  if (choice === 'required') return tools[0];
  return upstreamModel === 'mock-tool' && request.messages.at(-1)?.role !== 'tool' ? tools[0] : undefined;
}

function thinks(request: ChatRequest): boolean {
  const effort = request.reasoning_effort;
  return (effort != null && effort !== 'none') || (typeof request.thinking_budget === 'number' && request.thinking_budget > 0);
}

function textFor(request: ChatRequest, prompt: string): string {
  const format = request.response_format;
  if (format?.type === 'json_schema') return JSON.stringify(objectFor(format.json_schema?.schema ?? {}));
  if (format?.type === 'json_object') return JSON.stringify({ reply: `Mock reply to: "${prompt}".` });
  return `Mock reply to: "${prompt}". ${LOREM}`;
}

export function cachedTokensOf(promptTokens: number): number {
  return promptTokens > CACHE_BLOCK ? Math.floor((promptTokens - 1) / CACHE_BLOCK) * CACHE_BLOCK : 0;
}

function usageFor(request: ChatRequest, reasoningTokens: number, outputTokens: number): Usage {
  const prompt = countPromptTokens(request);
  const completion = reasoningTokens + outputTokens;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cachedTokensOf(prompt) },
    completion_tokens_details: { reasoning_tokens: reasoningTokens },
  };
}

export function replyFor(request: ChatRequest, upstreamModel: string): MockReply {
  const max = maxTokensOf(request);
  const lastUser = [...request.messages].reverse().find((message) => message.role === 'user' || message.role === 'tool');
  const prompt = textOf(lastUser?.content).replace(/\s+/g, ' ').trim().slice(0, 60);
  let reasoning = thinks(request) ? `The user wrote "${prompt}". ${REASONING}` : undefined;
  if (reasoning !== undefined && max != null) reasoning = truncateToTokens(reasoning, max);
  const reasoningTokens = reasoning ? countTextTokens(reasoning) : 0;
  const thought = reasoning !== undefined ? { reasoning } : {};

  const tool = toolFor(request, upstreamModel);
  if (tool) {
    const call = { name: tool.function.name, arguments: JSON.stringify(objectFor(tool.function.parameters ?? {})) };
    const usage = usageFor(request, reasoningTokens, countCompletionTokens(call.name) + countCompletionTokens(call.arguments));
    return { ...thought, content: null, toolCall: call, finishReason: 'tool_calls', usage };
  }
  const full = textFor(request, prompt);
  const room = max == null ? Infinity : Math.max(0, max - reasoningTokens);
  const fits = countTextTokens(full) <= room;
  const content = fits ? full : truncateToTokens(full, room);
  return { ...thought, content, finishReason: fits ? 'stop' : 'length', usage: usageFor(request, reasoningTokens, countCompletionTokens(content)) };
}

/** Text split into word groups, the way a model streams it. */
export function streamPieces(text: string, wordsPerPiece = 3): string[] {
  const words = text.match(/\S+\s*/g) ?? [];
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerPiece) pieces.push(words.slice(i, i + wordsPerPiece).join(''));
  return pieces;
}
