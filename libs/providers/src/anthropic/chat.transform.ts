import { partsOf, systemTextOf, textOf } from '../common/content';
import { maxTokensOf, stopListOf } from '../common/params';
import { newId, nowSeconds } from '../common/ids';
import { parseArguments } from '../common/json';
import type { ChatMessage, ChatRequest, ChatResponse, ToolCall, ToolChoice } from '../unified.types';
import { finishReasonFromAnthropic, imageBlockFromUrl, usageFromAnthropic } from './anthropic.mapping';
import type { AnthropicContentBlock, AnthropicMessage, AnthropicRequest, AnthropicResponse, AnthropicToolChoice } from './anthropic.types';

/** Anthropic requires max_tokens; OpenAI-format callers often leave it out. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

function blocksOf(message: ChatMessage): AnthropicContentBlock[] {
  if (message.role === 'tool') {
    return [{ type: 'tool_result', tool_use_id: message.tool_call_id ?? '', content: textOf(message.content) }];
  }
  // Anthropic rejects empty text blocks.
  const blocks: AnthropicContentBlock[] = partsOf(message.content)
    .filter((part) => (part.type !== 'text' || part.text !== '') && part.type !== 'file')
    .map((part) => (part.type === 'text' ? { type: 'text', text: part.text } : imageBlockFromUrl((part as { image_url: { url: string } }).image_url.url)));
  for (const call of message.tool_calls ?? []) {
    blocks.push({ type: 'tool_use', id: call.id, name: call.function.name, input: parseArguments(call.function.arguments) });
  }
  return blocks;
}

/** User/assistant turns; tool results become user turns, and consecutive turns of one role merge (Anthropic wants alternation). */
function toAnthropicMessages(messages: ChatMessage[]): AnthropicMessage[] {
  const result: Array<{ role: 'user' | 'assistant'; content: AnthropicContentBlock[] }> = [];
  for (const message of messages) {
    if (message.role === 'system' || message.role === 'developer') continue;
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const blocks = blocksOf(message);
    if (!blocks.length) continue;
    const last = result[result.length - 1];
    if (last?.role === role) last.content.push(...blocks);
    else result.push({ role, content: blocks });
  }
  return result;
}

function toAnthropicToolChoice(choice: ToolChoice | undefined, parallel: unknown): AnthropicToolChoice | undefined {
  const extra = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return parallel === false ? { type: 'auto', ...extra } : undefined;
  if (choice === 'auto') return { type: 'auto', ...extra };
  if (choice === 'required') return { type: 'any', ...extra };
  if (choice === 'none') return { type: 'none' };
  return { type: 'tool', name: choice.function.name, ...extra };
}

/** OpenAI-format request -> Anthropic Messages request. */
export function toAnthropicRequest(request: ChatRequest, upstreamModel: string): AnthropicRequest {
  const body: AnthropicRequest = {
    model: upstreamModel,
    messages: toAnthropicMessages(request.messages),
    max_tokens: maxTokensOf(request) ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
  };
  const system = systemTextOf(request.messages);
  if (system) body.system = system;
  const stop = stopListOf(request.stop);
  if (stop) body.stop_sequences = stop;
  // OpenAI's temperature goes to 2, Anthropic's to 1.
  if (request.temperature != null) body.temperature = Math.min(1, Math.max(0, request.temperature));
  if (request.top_p != null) body.top_p = request.top_p;
  if (request.tools?.length) {
    body.tools = request.tools.map((tool) => ({
      name: tool.function.name,
      ...(tool.function.description ? { description: tool.function.description } : {}),
      input_schema: tool.function.parameters ?? { type: 'object', properties: {} },
    }));
    const choice = toAnthropicToolChoice(request.tool_choice, request.parallel_tool_calls);
    if (choice) body.tool_choice = choice;
  }
  if (request.user) body.metadata = { user_id: request.user };
  if (request.stream) body.stream = true;
  return body;
}

/** Anthropic Messages response -> OpenAI-format response. */
export function fromAnthropicResponse(body: AnthropicResponse, upstreamModel: string): ChatResponse {
  const text = body.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
  const toolCalls: ToolCall[] = body.content.flatMap((block) =>
    block.type === 'tool_use' ? [{ id: block.id, type: 'function' as const, function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } }] : [],
  );
  return {
    id: body.id ?? newId('chatcmpl-'),
    object: 'chat.completion',
    created: nowSeconds(),
    model: body.model ?? upstreamModel,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text || (toolCalls.length ? null : ''), ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
        finish_reason: finishReasonFromAnthropic(body.stop_reason) ?? 'stop',
      },
    ],
    usage: usageFromAnthropic(body.usage),
  };
}
