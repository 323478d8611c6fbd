import { systemTextOf } from '../common/content';
import { newId, nowSeconds } from '../common/ids';
import { unhandledFields, type Translation } from '../common/ignored';
import { stopListOf } from '../common/params';
import type { ChatRequest, ChatResponse, ToolCall } from '../unified.types';
import { finishReasonFromAnthropic, usageFromAnthropic } from './anthropic.mapping';
import type { AnthropicRequest, AnthropicResponse } from './anthropic.types';
import { ANTHROPIC_HANDLED } from './ignored-params';
import { toAnthropicMessages } from './messages';
import { isStructuredOutputTool } from './structured-output';
import { dropThinkingConflicts, planThinking, reasoningTextOf, thinkingBlocksOf } from './thinking';
import { toAnthropicTools } from './tools';

/** OpenAI-format request -> Anthropic Messages request, and the fields Anthropic cannot honour. */
export function toAnthropicRequest(request: ChatRequest, upstreamModel: string): Translation<AnthropicRequest> {
  const ignored = unhandledFields(request, ANTHROPIC_HANDLED);
  const plan = planThinking(request, ignored);
  const body: AnthropicRequest = { model: upstreamModel, messages: toAnthropicMessages(request.messages, ignored), max_tokens: plan.maxTokens };
  const system = systemTextOf(request.messages);
  if (system) body.system = system;
  const stop = stopListOf(request.stop);
  if (stop) body.stop_sequences = stop;
  // OpenAI's temperature goes to 2, Anthropic's to 1.
  if (request.temperature != null) body.temperature = Math.min(1, Math.max(0, request.temperature));
  if (request.top_p != null) body.top_p = request.top_p;
  if (typeof request.top_k === 'number') body.top_k = request.top_k;
  const { tools, tool_choice, forcedByUs } = toAnthropicTools(request);
  if (tools) body.tools = tools;
  if (tool_choice) body.tool_choice = tool_choice;
  if (plan.thinking) {
    body.thinking = plan.thinking;
    // Emulated response_format then falls back to tool_choice auto: the model may answer in plain text.
    dropThinkingConflicts(body, ignored, forcedByUs);
  }
  if (request.user) body.metadata = { user_id: request.user };
  if (request.stream) body.stream = true;
  return { body, ignored: [...ignored] };
}

/** Anthropic Messages response -> OpenAI-format response; the emulated response_format tool's input becomes the text. */
export function fromAnthropicResponse(body: AnthropicResponse, upstreamModel: string): ChatResponse {
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  let structured = false;
  for (const block of body.content) {
    if (block.type === 'text') texts.push(block.text);
    if (block.type !== 'tool_use') continue;
    if (isStructuredOutputTool(block.name)) {
      structured = true;
      texts.push(JSON.stringify(block.input ?? {}));
    } else toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
  }
  const text = texts.join('');
  const message: ChatResponse['choices'][number]['message'] = { role: 'assistant', content: text || (toolCalls.length ? null : '') };
  if (toolCalls.length) message.tool_calls = toolCalls;
  const thinking = thinkingBlocksOf(body.content);
  const reasoning = reasoningTextOf(thinking);
  if (reasoning) message.reasoning_content = reasoning;
  if (thinking.length) message.thinking_blocks = thinking;
  const finish = finishReasonFromAnthropic(body.stop_reason) ?? 'stop';
  return {
    id: body.id ?? newId('chatcmpl-'),
    object: 'chat.completion',
    created: nowSeconds(),
    model: body.model ?? upstreamModel,
    choices: [{ index: 0, message, finish_reason: structured && finish === 'tool_calls' && !toolCalls.length ? 'stop' : finish }],
    usage: usageFromAnthropic(body.usage),
  };
}
