import { usageOf } from '../common/chunks';
import { systemTextOf } from '../common/content';
import { newId, nowSeconds } from '../common/ids';
import { unhandledFields, type Translation } from '../common/ignored';
import { isObject } from '../common/json';
import { maxTokensOf, stopListOf } from '../common/params';
import { thinkingBudgetOf } from '../common/reasoning';
import type { ChatRequest, ChatResponse, FinishReason, ToolCall, Usage } from '../unified.types';
import { toContents } from './contents';
import { toGeminiSchema } from './gemini-schema';
import type { GeminiGenerationConfig, GeminiPart, GeminiRequest, GeminiResponse, GeminiUsageMetadata } from './gemini.types';

const FILTERED = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']);

/** Unified request fields the Gemini translation reads; whatever else a request sets is reported. Gemini cannot turn parallel calls off. */
const GEMINI_HANDLED: ReadonlySet<string> = new Set([
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

function toToolConfig(choice: ChatRequest['tool_choice']): GeminiRequest['toolConfig'] {
  if (choice === undefined || choice === 'auto') return undefined;
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.function.name] } };
}

function toTools(request: ChatRequest): Pick<GeminiRequest, 'tools' | 'toolConfig'> {
  if (!request.tools?.length) return {};
  const functionDeclarations = request.tools.map((tool) => {
    const parameters = toGeminiSchema(tool.function.parameters);
    const description = tool.function.description ? { description: tool.function.description } : {};
    return { name: tool.function.name, ...description, ...(parameters ? { parameters } : {}) };
  });
  const toolConfig = toToolConfig(request.tool_choice);
  return { tools: [{ functionDeclarations }], ...(toolConfig ? { toolConfig } : {}) };
}

function toGenerationConfig(request: ChatRequest): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {};
  const maxTokens = maxTokensOf(request);
  if (maxTokens != null) config.maxOutputTokens = maxTokens;
  if (request.temperature != null) config.temperature = request.temperature;
  if (request.top_p != null) config.topP = request.top_p;
  if (typeof request.top_k === 'number') config.topK = request.top_k;
  if (typeof request.seed === 'number') config.seed = request.seed;
  if (typeof request.presence_penalty === 'number') config.presencePenalty = request.presence_penalty;
  if (typeof request.frequency_penalty === 'number') config.frequencyPenalty = request.frequency_penalty;
  const stop = stopListOf(request.stop);
  if (stop) config.stopSequences = stop;
  const format = isObject(request.response_format) ? request.response_format : undefined;
  if (format?.type === 'json_object' || format?.type === 'json_schema') config.responseMimeType = 'application/json';
  const schema = format?.type === 'json_schema' && isObject(format.json_schema) ? format.json_schema.schema : undefined;
  if (isObject(schema)) config.responseJsonSchema = schema;
  const budget = thinkingBudgetOf(request);
  if (budget !== undefined) config.thinkingConfig = budget ? { thinkingBudget: budget, includeThoughts: true } : { thinkingBudget: 0 };
  return config;
}

/** OpenAI-format request -> Gemini generateContent body (the model goes in the URL), and the fields Gemini cannot honour. */
export function toGeminiRequest(request: ChatRequest): Translation<GeminiRequest> {
  const ignored = unhandledFields(request, GEMINI_HANDLED);
  const body: GeminiRequest = { contents: toContents(request.messages, ignored), ...toTools(request) };
  const system = systemTextOf(request.messages);
  if (system) body.systemInstruction = { parts: [{ text: system }] };
  const config = toGenerationConfig(request);
  if (Object.keys(config).length) body.generationConfig = config;
  return { body, ignored: [...ignored] };
}

export function finishReasonFromGemini(reason: string | undefined, hasToolCalls: boolean): FinishReason {
  if (!reason) return null;
  if (hasToolCalls) return 'tool_calls';
  if (reason === 'MAX_TOKENS') return 'length';
  return FILTERED.has(reason) ? 'content_filter' : 'stop';
}

/** Thoughts are billed as output, so they count as completion tokens (and as reasoning tokens). */
export function usageFromGemini(meta: GeminiUsageMetadata | undefined): Usage {
  const thoughts = meta?.thoughtsTokenCount;
  return usageOf(meta?.promptTokenCount ?? 0, (meta?.candidatesTokenCount ?? 0) + (thoughts ?? 0), {
    cachedTokens: meta?.cachedContentTokenCount,
    reasoningTokens: thoughts,
  });
}

/** The visible text, the thought summaries and the function calls of some parts. */
export function readParts(parts: GeminiPart[] | undefined): { text: string; reasoning: string; toolCalls: ToolCall[] } {
  const all = parts ?? [];
  const text = all.map((part) => (part.thought ? '' : (part.text ?? ''))).join('');
  const reasoning = all.map((part) => (part.thought ? (part.text ?? '') : '')).join('');
  const toolCalls = all.flatMap((part): ToolCall[] => {
    const call = part.functionCall;
    return call ? [{ id: call.id ?? newId('call_'), type: 'function', function: { name: call.name, arguments: JSON.stringify(call.args ?? {}) } }] : [];
  });
  return { text, reasoning, toolCalls };
}

/** Gemini generateContent response -> OpenAI-format response. */
export function fromGeminiResponse(body: GeminiResponse, upstreamModel: string): ChatResponse {
  const candidate = body.candidates?.[0];
  const { text, reasoning, toolCalls } = readParts(candidate?.content?.parts);
  const blocked = !candidate && body.promptFeedback?.blockReason;
  const finish = blocked ? 'content_filter' : (finishReasonFromGemini(candidate?.finishReason, toolCalls.length > 0) ?? 'stop');
  const message: ChatResponse['choices'][number]['message'] = { role: 'assistant', content: text || (toolCalls.length ? null : '') };
  if (toolCalls.length) message.tool_calls = toolCalls;
  if (reasoning) message.reasoning_content = reasoning;
  return {
    id: body.responseId ?? newId('chatcmpl-'),
    object: 'chat.completion',
    created: nowSeconds(),
    model: body.modelVersion ?? upstreamModel,
    choices: [{ index: 0, message, finish_reason: finish }],
    usage: usageFromGemini(body.usageMetadata),
  };
}
