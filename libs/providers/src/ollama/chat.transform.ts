import { usageOf } from '../common/chunks';
import { parseDataUrl, partsOf, textOf } from '../common/content';
import { maxTokensOf, stopListOf } from '../common/params';
import { newId, nowSeconds } from '../common/ids';
import { isObject, parseArguments } from '../common/json';
import type { ChatMessage, ChatRequest, ChatResponse, FinishReason, ToolCall } from '../unified.types';
import type { OllamaChatRequest, OllamaChatResponse, OllamaMessage } from './ollama.types';

function toOllamaMessage(message: ChatMessage, names: Map<string, string>): OllamaMessage {
  const role = message.role === 'developer' ? 'system' : message.role;
  const out: OllamaMessage = { role, content: textOf(message.content) };
  // Ollama takes only inline base64 images; remote URLs cannot be passed on.
  const images = partsOf(message.content).flatMap((part) => (part.type === 'image_url' ? [parseDataUrl(part.image_url.url)?.data ?? ''] : [])).filter(Boolean);
  if (images.length) out.images = images;
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

/** OpenAI-format request -> Ollama `/api/chat` body; `stream` is always explicit since Ollama streams by default. */
export function toOllamaRequest(request: ChatRequest, upstreamModel: string): OllamaChatRequest {
  const names = new Map<string, string>();
  const body: OllamaChatRequest = { model: upstreamModel, messages: request.messages.map((m) => toOllamaMessage(m, names)), stream: request.stream === true };
  const options: NonNullable<OllamaChatRequest['options']> = {};
  const maxTokens = maxTokensOf(request);
  if (maxTokens != null) options.num_predict = maxTokens;
  if (request.temperature != null) options.temperature = request.temperature;
  if (request.top_p != null) options.top_p = request.top_p;
  const stop = stopListOf(request.stop);
  if (stop) options.stop = stop;
  if (typeof request.seed === 'number') options.seed = request.seed;
  if (Object.keys(options).length) body.options = options;
  if (request.tools?.length && request.tool_choice !== 'none') body.tools = request.tools;
  const format = isObject(request.response_format) ? request.response_format : undefined;
  if (format?.type === 'json_object') body.format = 'json';
  if (format?.type === 'json_schema' && isObject(format.json_schema) && isObject(format.json_schema.schema)) body.format = format.json_schema.schema;
  return body;
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
  return {
    id: newId('chatcmpl-'),
    object: 'chat.completion',
    created: body.created_at ? Math.floor(Date.parse(body.created_at) / 1000) || nowSeconds() : nowSeconds(),
    model: body.model ?? upstreamModel,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text || (toolCalls.length ? null : ''), ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
        finish_reason: finishReasonFromOllama(body, toolCalls.length > 0),
      },
    ],
    usage: usageFromOllama(body),
  };
}
