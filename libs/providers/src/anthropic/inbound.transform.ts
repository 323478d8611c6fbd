import { newId } from '../common/ids';
import { isObject, parseArguments } from '../common/json';
import { ProviderError } from '../provider-error';
import type { ChatMessage, ChatRequest, ChatResponse, ToolChoice } from '../unified.types';
import { stopReasonToAnthropic, usageToAnthropic } from './anthropic.mapping';
import type { AnthropicContentBlock, AnthropicRequest, AnthropicResponse, AnthropicToolChoice } from './anthropic.types';
import { inboundIgnored, isClientTool } from './ignored-params';
import { messagesFromAnthropic } from './inbound-messages';
import { thinkingFromAnthropic } from './thinking';

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

function systemTextOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return Array.isArray(content) ? content.map((block) => (isObject(block) && typeof block.text === 'string' ? block.text : '')).join('\n') : '';
}

/** `output_config.effort` (what adaptive thinking spends): Anthropic's `max` is OpenAI's `xhigh`. */
function effortOf(body: Record<string, unknown>): ChatRequest['reasoning_effort'] | undefined {
  const effort = isObject(body.output_config) ? body.output_config.effort : undefined;
  if (effort === 'max') return 'xhigh';
  return effort === 'low' || effort === 'medium' || effort === 'high' ? effort : undefined;
}

/** An Anthropic Messages request (our `/v1/messages`) -> the unified request, and the Anthropic fields it cannot carry. */
export function anthropicRequestToUnified(body: AnthropicRequest): { request: ChatRequest; ignored: string[] } {
  if (!isObject(body) || !Array.isArray(body.messages)) throw new ProviderError('invalid_request', 'messages: a list of messages is required');
  const ignored = inboundIgnored(body);
  const messages: ChatMessage[] = [];
  const system = typeof body.system === 'string' ? body.system : (body.system ?? []).map((block) => block.text).join('\n');
  if (system) messages.push({ role: 'system', content: system });
  for (const message of body.messages) {
    // Claude Code puts system messages inside the conversation too.
    if ((message.role as string) === 'system') messages.push({ role: 'system', content: systemTextOf(message.content) });
    else messages.push(...messagesFromAnthropic(message, ignored));
  }

  const request: ChatRequest = { model: body.model, messages, max_tokens: body.max_tokens };
  if (body.stream) request.stream = true;
  if (body.temperature != null) request.temperature = body.temperature;
  if (body.top_p != null) request.top_p = body.top_p;
  if (body.top_k != null) request.top_k = body.top_k;
  if (body.stop_sequences?.length) request.stop = body.stop_sequences;
  if (body.metadata?.user_id) request.user = body.metadata.user_id;
  Object.assign(request, thinkingFromAnthropic(body.thinking, ignored));
  const effort = effortOf(body as unknown as Record<string, unknown>);
  if (effort && request.reasoning_effort) request.reasoning_effort = effort;
  const tools = (body.tools ?? []).filter(isClientTool);
  if (tools.length) {
    request.tools = tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, ...(tool.description ? { description: tool.description } : {}), parameters: tool.input_schema },
    }));
    if (body.tool_choice) request.tool_choice = toToolChoice(body.tool_choice);
    if (body.tool_choice?.disable_parallel_tool_use) request.parallel_tool_calls = false;
  } else if (body.tool_choice?.type === 'any' || body.tool_choice?.type === 'tool') {
    // Only server tools were offered: a forced choice among them cannot be kept.
    ignored.add('tool_choice');
  }
  return { request, ignored: [...ignored] };
}

/** The answer's thinking, first: its blocks whole when it has them, else its reasoning text (unsigned: it cannot be replayed). */
function thinkingContent(message: ChatResponse['choices'][number]['message'] | undefined): AnthropicContentBlock[] {
  if (message?.thinking_blocks?.length) {
    return message.thinking_blocks.map((block): AnthropicContentBlock => {
      if (block.type === 'redacted_thinking') return { type: 'redacted_thinking', data: block.data };
      return { type: 'thinking', thinking: block.thinking, signature: block.signature ?? '' };
    });
  }
  return message?.reasoning_content ? [{ type: 'thinking', thinking: message.reasoning_content, signature: '' }] : [];
}

/** A unified response -> the Anthropic Messages response our `/v1/messages` callers get. */
export function unifiedResponseToAnthropic(response: ChatResponse, requestedModel: string): AnthropicResponse {
  const choice = response.choices[0];
  const content = thinkingContent(choice?.message);
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
    usage: usageToAnthropic(response.usage),
  };
}
