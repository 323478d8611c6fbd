import { newId } from '../common/ids';
import { isObject, parseArguments } from '../common/json';
import { ProviderError } from '../provider-error';
import type { ChatMessage, ChatRequest, ChatResponse, ContentPart, ToolCall, ToolChoice } from '../unified.types';
import { imageUrlFromBlock, stopReasonToAnthropic } from './anthropic.mapping';
import type { AnthropicContentBlock, AnthropicMessage, AnthropicRequest, AnthropicResponse, AnthropicToolChoice, AnthropicToolResultBlock } from './anthropic.types';

function toolResultText(block: AnthropicToolResultBlock): string {
  if (typeof block.content === 'string' || block.content === undefined) return block.content ?? '';
  return block.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
}

function userMessages(blocks: AnthropicContentBlock[]): ChatMessage[] {
  // OpenAI wants each tool result as its own `tool` message right after the assistant's calls.
  const toolMessages: ChatMessage[] = blocks
    .filter((block): block is AnthropicToolResultBlock => block.type === 'tool_result')
    .map((block) => ({ role: 'tool', tool_call_id: block.tool_use_id, content: toolResultText(block) }));
  const parts: ContentPart[] = blocks.flatMap((block): ContentPart[] => {
    if (block.type === 'text') return [{ type: 'text', text: block.text }];
    if (block.type === 'image') return [{ type: 'image_url', image_url: { url: imageUrlFromBlock(block) } }];
    return [];
  });
  const onlyText = parts.every((part) => part.type === 'text');
  const content = onlyText ? parts.map((part) => (part as { text: string }).text).join('\n') : parts;
  return parts.length ? [...toolMessages, { role: 'user', content }] : toolMessages;
}

function assistantMessage(blocks: AnthropicContentBlock[]): ChatMessage {
  const text = blocks.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
  const toolCalls: ToolCall[] = blocks.flatMap((block) =>
    block.type === 'tool_use' ? [{ id: block.id, type: 'function' as const, function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } }] : [],
  );
  return { role: 'assistant', content: text || (toolCalls.length ? null : ''), ...(toolCalls.length ? { tool_calls: toolCalls } : {}) };
}

function toMessages(message: AnthropicMessage): ChatMessage[] {
  if (typeof message.content === 'string') return [{ role: message.role, content: message.content }];
  if (!Array.isArray(message.content)) throw new ProviderError('invalid_request', 'messages: content must be a string or a list of blocks');
  return message.role === 'assistant' ? [assistantMessage(message.content)] : userMessages(message.content);
}

function toToolChoice(choice: AnthropicToolChoice): ToolChoice {
  switch (choice.type) {
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return { type: 'function', function: { name: choice.name } };
    default:
      return 'auto';
  }
}

/** An Anthropic Messages request (our `/v1/messages`) -> the unified request. `top_k` has no equivalent and is dropped. */
export function anthropicRequestToUnified(body: AnthropicRequest): ChatRequest {
  if (!isObject(body) || !Array.isArray(body.messages)) throw new ProviderError('invalid_request', 'messages: a list of messages is required');
  const messages: ChatMessage[] = [];
  const system = typeof body.system === 'string' ? body.system : (body.system ?? []).map((block) => block.text).join('\n');
  if (system) messages.push({ role: 'system', content: system });
  for (const message of body.messages) messages.push(...toMessages(message));

  const request: ChatRequest = { model: body.model, messages, max_tokens: body.max_tokens };
  if (body.stream) request.stream = true;
  if (body.temperature != null) request.temperature = body.temperature;
  if (body.top_p != null) request.top_p = body.top_p;
  if (body.stop_sequences?.length) request.stop = body.stop_sequences;
  if (body.metadata?.user_id) request.user = body.metadata.user_id;
  // Server tools (web search…) carry a versioned type and no schema: only client tools translate.
  const tools = (body.tools ?? []).filter((tool) => tool.input_schema !== undefined && (!tool.type || tool.type === 'custom'));
  if (tools.length) {
    request.tools = tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, ...(tool.description ? { description: tool.description } : {}), parameters: tool.input_schema },
    }));
    if (body.tool_choice) request.tool_choice = toToolChoice(body.tool_choice);
    if (body.tool_choice?.disable_parallel_tool_use) request.parallel_tool_calls = false;
  }
  return request;
}

/** A unified response -> the Anthropic Messages response our `/v1/messages` callers get. */
export function unifiedResponseToAnthropic(response: ChatResponse, requestedModel: string): AnthropicResponse {
  const choice = response.choices[0];
  const content: AnthropicContentBlock[] = [];
  const text = choice?.message.content;
  if (text) content.push({ type: 'text', text });
  for (const call of choice?.message.tool_calls ?? []) {
    content.push({ type: 'tool_use', id: call.id, name: call.function.name, input: parseArguments(call.function.arguments) });
  }
  if (!content.length) content.push({ type: 'text', text: '' });
  return {
    id: response.id?.startsWith('msg_') ? response.id : newId('msg_'),
    type: 'message',
    role: 'assistant',
    model: requestedModel,
    content,
    stop_reason: stopReasonToAnthropic(choice?.finish_reason ?? 'stop'),
    stop_sequence: null,
    usage: { input_tokens: response.usage?.prompt_tokens ?? 0, output_tokens: response.usage?.completion_tokens ?? 0 },
  };
}
