import { usageOf } from '../common/chunks';
import { parseDataUrl, partsOf, systemTextOf, textOf } from '../common/content';
import { maxTokensOf, stopListOf } from '../common/params';
import { newId, nowSeconds } from '../common/ids';
import { isObject, parseArguments, tryParseJson } from '../common/json';
import type { ChatMessage, ChatRequest, ChatResponse, ContentPart, FinishReason, ToolCall, Usage } from '../unified.types';
import { toGeminiSchema } from './gemini-schema';
import type { GeminiContent, GeminiPart, GeminiRequest, GeminiResponse, GeminiUsageMetadata } from './gemini.types';

/** Gemini 3 wants a thought signature on replayed function calls; this documented value skips the check for calls it did not sign. */
const SKIP_SIGNATURE = 'skip_thought_signature_validator';
const FILTERED = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']);

function imagePart(part: Extract<ContentPart, { type: 'image_url' }>): GeminiPart {
  const url = part.image_url.url;
  const data = parseDataUrl(url);
  if (data) return { inlineData: { mimeType: data.mediaType, data: data.data } };
  const extension = /\.(png|gif|webp)(\?|$)/i.exec(url)?.[1]?.toLowerCase();
  return { fileData: { fileUri: url, mimeType: extension ? `image/${extension}` : 'image/jpeg' } };
}

function toolResponse(message: ChatMessage, names: Map<string, string>): GeminiPart {
  const text = textOf(message.content);
  const parsed = tryParseJson(text);
  const name = names.get(message.tool_call_id ?? '') ?? message.name ?? 'tool';
  return { functionResponse: { name, response: isObject(parsed) ? parsed : { content: parsed ?? text } } };
}

function partsFor(message: ChatMessage, names: Map<string, string>): GeminiPart[] {
  if (message.role === 'tool') return [toolResponse(message, names)];
  const parts: GeminiPart[] = partsOf(message.content)
    .filter((part) => (part.type !== 'text' || part.text !== '') && part.type !== 'file')
    .map((part) => (part.type === 'text' ? { text: part.text } : imagePart(part as Extract<ContentPart, { type: 'image_url' }>)));
  (message.tool_calls ?? []).forEach((call, i) => {
    names.set(call.id, call.function.name);
    const part: GeminiPart = { functionCall: { name: call.function.name, args: parseArguments(call.function.arguments) } };
    parts.push(i === 0 ? { ...part, thoughtSignature: SKIP_SIGNATURE } : part);
  });
  return parts;
}

function toContents(messages: ChatMessage[]): GeminiContent[] {
  const names = new Map<string, string>();
  const contents: GeminiContent[] = [];
  for (const message of messages) {
    if (message.role === 'system' || message.role === 'developer') continue;
    const role = message.role === 'assistant' ? 'model' : 'user';
    const parts = partsFor(message, names);
    if (!parts.length) continue;
    const last = contents[contents.length - 1];
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  }
  return contents;
}

function toToolConfig(choice: ChatRequest['tool_choice']): GeminiRequest['toolConfig'] {
  if (choice === undefined || choice === 'auto') return undefined;
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.function.name] } };
}

/** OpenAI-format request -> Gemini generateContent body (the model goes in the URL). */
export function toGeminiRequest(request: ChatRequest): GeminiRequest {
  const body: GeminiRequest = { contents: toContents(request.messages) };
  const system = systemTextOf(request.messages);
  if (system) body.systemInstruction = { parts: [{ text: system }] };
  if (request.tools?.length) {
    body.tools = [
      {
        functionDeclarations: request.tools.map((tool) => {
          const parameters = toGeminiSchema(tool.function.parameters);
          return { name: tool.function.name, ...(tool.function.description ? { description: tool.function.description } : {}), ...(parameters ? { parameters } : {}) };
        }),
      },
    ];
    const toolConfig = toToolConfig(request.tool_choice);
    if (toolConfig) body.toolConfig = toolConfig;
  }
  const config: NonNullable<GeminiRequest['generationConfig']> = {};
  const maxTokens = maxTokensOf(request);
  if (maxTokens != null) config.maxOutputTokens = maxTokens;
  if (request.temperature != null) config.temperature = request.temperature;
  if (request.top_p != null) config.topP = request.top_p;
  const stop = stopListOf(request.stop);
  if (stop) config.stopSequences = stop;
  const format = isObject(request.response_format) ? request.response_format.type : undefined;
  if (format === 'json_object' || format === 'json_schema') config.responseMimeType = 'application/json';
  if (Object.keys(config).length) body.generationConfig = config;
  return body;
}

export function finishReasonFromGemini(reason: string | undefined, hasToolCalls: boolean): FinishReason {
  if (!reason) return null;
  if (hasToolCalls) return 'tool_calls';
  if (reason === 'MAX_TOKENS') return 'length';
  return FILTERED.has(reason) ? 'content_filter' : 'stop';
}

/** Thoughts are billed as output, so they count as completion tokens. */
export function usageFromGemini(meta: GeminiUsageMetadata | undefined): Usage {
  return usageOf(meta?.promptTokenCount ?? 0, (meta?.candidatesTokenCount ?? 0) + (meta?.thoughtsTokenCount ?? 0));
}

/** The visible text and the function calls of some parts (thought parts are left out). */
export function readParts(parts: GeminiPart[] | undefined): { text: string; toolCalls: ToolCall[] } {
  const visible = (parts ?? []).filter((part) => !part.thought);
  const text = visible.map((part) => part.text ?? '').join('');
  const toolCalls = visible.flatMap((part): ToolCall[] =>
    part.functionCall ? [{ id: part.functionCall.id ?? newId('call_'), type: 'function', function: { name: part.functionCall.name, arguments: JSON.stringify(part.functionCall.args ?? {}) } }] : [],
  );
  return { text, toolCalls };
}

/** Gemini generateContent response -> OpenAI-format response. */
export function fromGeminiResponse(body: GeminiResponse, upstreamModel: string): ChatResponse {
  const candidate = body.candidates?.[0];
  const { text, toolCalls } = readParts(candidate?.content?.parts);
  const blocked = !candidate && body.promptFeedback?.blockReason;
  return {
    id: body.responseId ?? newId('chatcmpl-'),
    object: 'chat.completion',
    created: nowSeconds(),
    model: body.modelVersion ?? upstreamModel,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text || (toolCalls.length ? null : ''), ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
        finish_reason: blocked ? 'content_filter' : (finishReasonFromGemini(candidate?.finishReason, toolCalls.length > 0) ?? 'stop'),
      },
    ],
    usage: usageFromGemini(body.usageMetadata),
  };
}
