import { isHttpUrl, parseDataUrl, partsOf, textOf } from '../common/content';
import { isObject, parseArguments, tryParseJson } from '../common/json';
import type { ChatMessage, ContentPart } from '../unified.types';
import type { GeminiContent, GeminiPart } from './gemini.types';

/** Gemini 3 wants a thought signature on replayed function calls; this documented value skips the check for calls it did not sign. */
const SKIP_SIGNATURE = 'skip_thought_signature_validator';

function urlMimeType(url: string, fallback: string): string {
  const extension = /\.(png|gif|webp|pdf)(\?|$)/i.exec(url)?.[1]?.toLowerCase();
  if (extension === 'pdf') return 'application/pdf';
  return extension ? `image/${extension}` : fallback;
}

/** Data URLs go inline, https URLs by reference; anything else (an OpenAI file id) Gemini cannot take. */
function mediaPart(url: string, fallbackType: string): GeminiPart | undefined {
  const data = parseDataUrl(url);
  if (data) return { inlineData: { mimeType: data.mediaType, data: data.data } };
  return isHttpUrl(url) ? { fileData: { fileUri: url, mimeType: urlMimeType(url, fallbackType) } } : undefined;
}

function contentPart(part: ContentPart, ignored: Set<string>): GeminiPart | undefined {
  if (part.type === 'text') return part.text ? { text: part.text } : undefined;
  let media: GeminiPart | undefined;
  if (part.type === 'image_url') media = mediaPart(part.image_url.url, 'image/jpeg');
  if (part.type === 'file') media = mediaPart(part.file?.file_data ?? '', 'application/pdf');
  if (!media) ignored.add(String(part.type));
  return media;
}

/** A tool result: its text as the function response, its images and documents as parts beside it. */
function toolResponse(message: ChatMessage, names: Map<string, string>, ignored: Set<string>): GeminiPart[] {
  const text = textOf(message.content);
  const parsed = tryParseJson(text);
  const name = names.get(message.tool_call_id ?? '') ?? message.name ?? 'tool';
  const media = partsOf(message.content).filter((part) => part.type !== 'text');
  return [
    { functionResponse: { name, response: isObject(parsed) ? parsed : { content: parsed ?? text } } },
    ...media.flatMap((part) => contentPart(part, ignored) ?? []),
  ];
}

function partsFor(message: ChatMessage, names: Map<string, string>, ignored: Set<string>): GeminiPart[] {
  if (message.role === 'tool') return toolResponse(message, names, ignored);
  const parts = partsOf(message.content).flatMap((part) => contentPart(part, ignored) ?? []);
  (message.tool_calls ?? []).forEach((call, i) => {
    names.set(call.id, call.function.name);
    const part: GeminiPart = { functionCall: { name: call.function.name, args: parseArguments(call.function.arguments) } };
    parts.push(i === 0 ? { ...part, thoughtSignature: SKIP_SIGNATURE } : part);
  });
  return parts;
}

/** User and model turns; consecutive turns of one role merge. Earlier thinking is not replayed (Gemini keeps its own signatures). */
export function toContents(messages: ChatMessage[], ignored: Set<string>): GeminiContent[] {
  const names = new Map<string, string>();
  const contents: GeminiContent[] = [];
  for (const message of messages) {
    if (message.role === 'system' || message.role === 'developer') continue;
    const role = message.role === 'assistant' ? 'model' : 'user';
    const parts = partsFor(message, names, ignored);
    if (!parts.length) continue;
    const last = contents[contents.length - 1];
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  }
  return contents;
}
