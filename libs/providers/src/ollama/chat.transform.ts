import { usageOf } from '../common/chunks';
import { documentTextOf, parseDataUrl, partsOf } from '../common/content';
import { newId, nowSeconds } from '../common/ids';
import { unhandledFields, type Translation } from '../common/ignored';
import { isObject, parseArguments } from '../common/json';
import { maxTokensOf, stopListOf } from '../common/params';
import { effortForBudget, thinkingBudgetOf } from '../common/reasoning';
import type { ChatMessage, ChatRequest, ChatResponse, FinishReason, ToolCall } from '../unified.types';
import type { OllamaChatRequest, OllamaChatResponse, OllamaMessage, OllamaOptions } from './ollama.types';

/** Unified request fields the Ollama translation reads; whatever else a request sets is reported. */
const OLLAMA_HANDLED: ReadonlySet<string> = new Set([
  'frequency_penalty',
  'max_completion_tokens',
  'max_tokens',
  'presence_penalty',
  'reasoning_effort',
  'response_format',
  'seed',
  'stop',
  'temperature',
  'thinking_budget',
  'tool_choice',
  'tools',
  'top_k',
  'top_p',
]);

function toOllamaMessage(message: ChatMessage, names: Map<string, string>, ignored: Set<string>): OllamaMessage {
  const role = message.role === 'developer' ? 'system' : message.role;
  // Ollama takes only inline base64 images, and documents only as plain text.
  const texts: string[] = [];
  const images: string[] = [];
  for (const part of partsOf(message.content)) {
    const text = part.type === 'text' ? part.text : documentTextOf(part);
    const image = part.type === 'image_url' ? parseDataUrl(part.image_url.url)?.data : undefined;
    if (text !== undefined) texts.push(text);
    else if (image) images.push(image);
    else ignored.add(String(part.type));
  }
  const hasDocuments = partsOf(message.content).some((part) => part.type === 'file');
  const out: OllamaMessage = { role, content: texts.join(hasDocuments ? '\n\n' : '') };
  if (images.length) out.images = images;
  if (message.role === 'assistant' && message.reasoning_content) out.thinking = message.reasoning_content;
  if (message.tool_calls?.length) {
    out.tool_calls = message.tool_calls.map((call) => {
      names.set(call.id, call.function.name);
      return { function: { name: call.function.name, arguments: parseArguments(call.function.arguments) } };
    });
  }
  const toolName = message.role === 'tool' ? (names.get(message.tool_call_id ?? '') ?? message.name) : undefined;
  if (toolName) out.tool_name = toolName;
  return out;
}

/** gpt-oss takes a level (and cannot stop thinking); other thinking models take on or off. */
function thinkOf(request: ChatRequest, upstreamModel: string): OllamaChatRequest['think'] {
  const budget = thinkingBudgetOf(request);
  if (budget === undefined) return undefined;
  if (budget === 0) return false;
  if (!/gpt-oss/i.test(upstreamModel)) return true;
  const effort = request.reasoning_effort;
  return effort === 'low' || effort === 'medium' || effort === 'high' ? effort : effortForBudget(budget);
}

function toOptions(request: ChatRequest): OllamaOptions {
  const options: OllamaOptions = {};
  const maxTokens = maxTokensOf(request);
  if (maxTokens != null) options.num_predict = maxTokens;
  if (request.temperature != null) options.temperature = request.temperature;
  if (request.top_p != null) options.top_p = request.top_p;
  if (typeof request.top_k === 'number') options.top_k = request.top_k;
  const stop = stopListOf(request.stop);
  if (stop) options.stop = stop;
  if (typeof request.seed === 'number') options.seed = request.seed;
  if (typeof request.presence_penalty === 'number') options.presence_penalty = request.presence_penalty;
  if (typeof request.frequency_penalty === 'number') options.frequency_penalty = request.frequency_penalty;
  return options;
}

/** OpenAI-format request -> Ollama `/api/chat` body (`stream` always explicit: Ollama streams by default), and what Ollama cannot honour. */
export function toOllamaRequest(request: ChatRequest, upstreamModel: string): Translation<OllamaChatRequest> {
  const ignored = unhandledFields(request, OLLAMA_HANDLED);
  const names = new Map<string, string>();
  const messages = request.messages.map((message) => toOllamaMessage(message, names, ignored));
  const body: OllamaChatRequest = { model: upstreamModel, messages, stream: request.stream === true };
  const options = toOptions(request);
  if (Object.keys(options).length) body.options = options;
  if (request.tools?.length && request.tool_choice !== 'none') {
    body.tools = request.tools;
    // Ollama cannot force a tool call.
    if (request.tool_choice !== undefined && request.tool_choice !== 'auto') ignored.add('tool_choice');
  }
  const format = isObject(request.response_format) ? request.response_format : undefined;
  if (format?.type === 'json_object') body.format = 'json';
  if (format?.type === 'json_schema' && isObject(format.json_schema) && isObject(format.json_schema.schema)) body.format = format.json_schema.schema;
  const think = thinkOf(request, upstreamModel);
  if (think !== undefined) body.think = think;
  return { body, ignored: [...ignored] };
}

export function toolCallsFromOllama(message: Partial<OllamaMessage> | undefined): ToolCall[] {
  return (message?.tool_calls ?? []).map((call) => ({
    id: call.id ?? newId('call_'),
    type: 'function',
    function: { name: call.function.name, arguments: JSON.stringify(call.function.arguments ?? {}) },
  }));
}

export function finishReasonFromOllama(line: OllamaChatResponse, hasToolCalls: boolean): FinishReason {
  if (hasToolCalls) return 'tool_calls';
  return line.done_reason === 'length' ? 'length' : 'stop';
}

export function usageFromOllama(line: OllamaChatResponse) {
  return usageOf(line.prompt_eval_count ?? 0, line.eval_count ?? 0);
}

/** Ollama `/api/chat` answer -> OpenAI-format response. */
export function fromOllamaResponse(body: OllamaChatResponse, upstreamModel: string): ChatResponse {
  const toolCalls = toolCallsFromOllama(body.message);
  const text = body.message?.content ?? '';
  const message: ChatResponse['choices'][number]['message'] = { role: 'assistant', content: text || (toolCalls.length ? null : '') };
  if (toolCalls.length) message.tool_calls = toolCalls;
  if (body.message?.thinking) message.reasoning_content = body.message.thinking;
  return {
    id: newId('chatcmpl-'),
    object: 'chat.completion',
    created: body.created_at ? Math.floor(Date.parse(body.created_at) / 1000) || nowSeconds() : nowSeconds(),
    model: body.model ?? upstreamModel,
    choices: [{ index: 0, message, finish_reason: finishReasonFromOllama(body, toolCalls.length > 0) }],
    usage: usageFromOllama(body),
  };
}
