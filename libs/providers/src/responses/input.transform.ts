import { isObject, type JsonObject } from '../common/json';
import type { ChatMessage, ContentPart, ThinkingBlock, ToolCall } from '../unified.types';
import { decodeThinkingBlocks } from './reasoning.codec';
import { invalid, isPresent, optionalString, requiredString } from './validate';

const ROLES = ['user', 'assistant', 'system', 'developer'] as const;
type InputRole = (typeof ROLES)[number];

const MEDIA_TYPES: Record<string, string> = {
  csv: 'text/csv',
  html: 'text/html',
  json: 'application/json',
  md: 'text/markdown',
  pdf: 'application/pdf',
  txt: 'text/plain',
};

/** Input items -> unified messages; `ignored` collects what no chat API can take. */
class InputReader {
  readonly messages: ChatMessage[] = [];
  private reasoning: string[] = [];
  private blocks: ThinkingBlock[] = [];

  constructor(private readonly ignored: Set<string>) {}

  read(item: unknown, at: string): void {
    if (!isObject(item)) invalid(at, 'an input item must be an object');
    const type = item.type ?? (item.role !== undefined ? 'message' : typeof item.id === 'string' ? 'item_reference' : undefined);
    if (typeof type !== 'string') invalid(`${at}.type`, 'each input item needs a type');
    if (type === 'message') this.message(item, at);
    else if (type === 'function_call') this.functionCall(item, at);
    else if (type === 'function_call_output') this.functionCallOutput(item, at);
    else if (type === 'reasoning') this.reasoningItem(item, at);
    else if (type === 'item_reference') invalid(at, 'item_reference needs stored items; send the items themselves');
    else this.ignored.add(`input.${type}`);
  }

  private message(item: JsonObject, at: string): void {
    const role = item.role as InputRole;
    if (!ROLES.includes(role)) invalid(`${at}.role`, `must be one of ${ROLES.join(', ')}`);
    const parts = this.contentParts(item.content, `${at}.content`);
    if (role === 'user') {
      if (typeof item.content === 'string' || parts.length) this.messages.push({ role, content: compact(parts) });
      return;
    }
    for (const part of parts) if (part.type !== 'text') this.ignored.add(`input.${role}.${part.type}`);
    const content = joinText(parts);
    this.messages.push(role === 'assistant' ? { role, content, ...this.takeReasoning() } : { role, content });
  }

  private functionCall(item: JsonObject, at: string): void {
    const args = isObject(item.arguments) ? JSON.stringify(item.arguments) : item.arguments;
    if (typeof args !== 'string') invalid(`${at}.arguments`, 'must be a JSON string');
    const call: ToolCall = {
      id: requiredString(item.call_id, `${at}.call_id`),
      type: 'function',
      function: { name: requiredString(item.name, `${at}.name`), arguments: args },
    };
    const last = this.messages[this.messages.length - 1];
    if (last?.role === 'assistant' && !this.reasoning.length && !this.blocks.length) {
      last.tool_calls = [...(last.tool_calls ?? []), call];
      if (last.content === '') last.content = null;
      return;
    }
    this.messages.push({ role: 'assistant', content: null, tool_calls: [call], ...this.takeReasoning() });
  }

  private functionCallOutput(item: JsonObject, at: string): void {
    const callId = requiredString(item.call_id, `${at}.call_id`);
    if (!isPresent(item.output)) invalid(`${at}.output`, 'must be a string or a list of content parts');
    const parts = this.contentParts(item.output, `${at}.output`);
    const content = parts.every((part) => part.type === 'text') ? joinText(parts, '') : parts;
    this.messages.push({ role: 'tool', tool_call_id: callId, content });
  }

  private reasoningItem(item: JsonObject, at: string): void {
    const summary = textsOf(item.summary);
    const text = (summary.length ? summary : textsOf(item.content)).join('\n\n');
    if (text) this.reasoning.push(text);
    const encrypted = optionalString(item.encrypted_content, `${at}.encrypted_content`);
    if (!encrypted) return;
    const blocks = decodeThinkingBlocks(encrypted);
    if (blocks) this.blocks.push(...blocks);
    else this.ignored.add('input.reasoning.encrypted_content');
  }

  private takeReasoning(): Pick<ChatMessage, 'reasoning_content' | 'thinking_blocks'> {
    const taken = {
      ...(this.reasoning.length ? { reasoning_content: this.reasoning.join('\n\n') } : {}),
      ...(this.blocks.length ? { thinking_blocks: this.blocks } : {}),
    };
    this.reasoning = [];
    this.blocks = [];
    return taken;
  }

  private contentParts(content: unknown, at: string): ContentPart[] {
    if (typeof content === 'string') return [{ type: 'text', text: content }];
    if (!Array.isArray(content)) invalid(at, 'must be a string or a list of content parts');
    return content.flatMap((part, index) => this.contentPart(part, `${at}[${index}]`));
  }

  private contentPart(part: unknown, at: string): ContentPart[] {
    if (!isObject(part) || typeof part.type !== 'string') invalid(`${at}.type`, 'each content part needs a type');
    switch (part.type) {
      case 'input_text':
      case 'output_text':
        return [{ type: 'text', text: requiredText(part.text, `${at}.text`) }];
      case 'refusal':
        return [{ type: 'text', text: requiredText(part.refusal, `${at}.refusal`) }];
      case 'input_image':
        return this.image(part, at);
      case 'input_file':
        return this.file(part, at);
      default:
        this.ignored.add(`input.content.${part.type}`);
        return [];
    }
  }

  private image(part: JsonObject, at: string): ContentPart[] {
    const url = optionalString(part.image_url, `${at}.image_url`);
    if (!url) return this.unusable('input_image', part, at, 'image_url');
    if (!/^(data:|https?:\/\/)/i.test(url)) invalid(`${at}.image_url`, 'must be a data URL or an http(s) URL');
    const detail = part.detail === 'low' || part.detail === 'high' || part.detail === 'auto' ? part.detail : undefined;
    return [{ type: 'image_url', image_url: { url, ...(detail ? { detail } : {}) } }];
  }

  private file(part: JsonObject, at: string): ContentPart[] {
    const data = optionalString(part.file_data, `${at}.file_data`);
    const filename = optionalString(part.filename, `${at}.filename`);
    if (!data) return this.unusable('input_file', part, at, 'file_data');
    const fileData = data.startsWith('data:') ? data : `data:${mediaTypeOf(filename)};base64,${data}`;
    return [{ type: 'file', file: { file_data: fileData, ...(filename ? { filename } : {}) } }];
  }

  /** A part that points at OpenAI-stored files or remote files: nothing another provider can fetch. */
  private unusable(type: string, part: JsonObject, at: string, wanted: string): ContentPart[] {
    const refs = ['file_id', 'file_url'].filter((key) => isPresent(part[key]));
    if (!refs.length) invalid(`${at}.${wanted}`, `${type} needs ${wanted}`);
    for (const ref of refs) this.ignored.add(`${type}.${ref}`);
    return [];
  }
}

function textsOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((part) => (isObject(part) && typeof part.text === 'string' ? [part.text] : []));
}

function requiredText(value: unknown, field: string): string {
  if (typeof value !== 'string') invalid(field, 'must be a string');
  return value;
}

function mediaTypeOf(filename: string | undefined): string {
  const extension = filename?.split('.').pop()?.toLowerCase() ?? '';
  return MEDIA_TYPES[extension] ?? 'application/octet-stream';
}

function joinText(parts: ContentPart[], separator = '\n'): string {
  return parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join(separator);
}

/** One text part reads best as a plain string. */
function compact(parts: ContentPart[]): string | ContentPart[] {
  return parts.length === 1 && parts[0].type === 'text' ? parts[0].text : parts;
}

/** `input` (a string, or a list of items) -> unified messages. */
export function inputToMessages(input: unknown, ignored: Set<string>): ChatMessage[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  if (!Array.isArray(input)) invalid('input', 'a string or a list of input items is required');
  const reader = new InputReader(ignored);
  input.forEach((item, index) => reader.read(item, `input[${index}]`));
  return reader.messages;
}
