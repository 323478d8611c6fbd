import { partsOf, textOf } from '../common/content';
import { isObject, parseArguments } from '../common/json';
import type { ChatMessage, ContentPart } from '../unified.types';
import { imageBlockFromUrl } from './anthropic.mapping';
import type {
  AnthropicContentBlock,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicMessage,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
} from './anthropic.types';
import { documentFromFile } from './documents';
import { replayableBlocks } from './thinking';

type MediaBlock = AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock;

function partBlock(part: ContentPart, ignored: Set<string>): MediaBlock | undefined {
  // Anthropic rejects empty text blocks.
  if (part.type === 'text') return part.text ? { type: 'text', text: part.text } : undefined;
  if (part.type === 'image_url') return imageBlockFromUrl(part.image_url.url);
  const document = part.type === 'file' && isObject(part.file) ? documentFromFile(part.file) : undefined;
  if (!document) ignored.add(String(part.type));
  return document;
}

function toolResultBlock(message: ChatMessage, ignored: Set<string>): AnthropicToolResultBlock {
  const parts = partsOf(message.content);
  const base = { type: 'tool_result' as const, tool_use_id: message.tool_call_id ?? '' };
  if (parts.every((part) => part.type === 'text')) return { ...base, content: textOf(message.content) };
  return { ...base, content: parts.flatMap((part) => partBlock(part, ignored) ?? []) };
}

function blocksOf(message: ChatMessage, ignored: Set<string>): AnthropicContentBlock[] {
  if (message.role === 'tool') return [toolResultBlock(message, ignored)];
  // A turn's signed thinking goes back first, as Anthropic produced it.
  const blocks: AnthropicContentBlock[] = message.role === 'assistant' ? replayableBlocks(message.thinking_blocks) : [];
  for (const part of partsOf(message.content)) {
    const block = partBlock(part, ignored);
    if (block) blocks.push(block);
  }
  for (const call of message.tool_calls ?? []) {
    blocks.push({ type: 'tool_use', id: call.id, name: call.function.name, input: parseArguments(call.function.arguments) });
  }
  return blocks;
}

/** User/assistant turns; tool results become user turns, and consecutive turns of one role merge (Anthropic wants alternation). */
export function toAnthropicMessages(messages: ChatMessage[], ignored: Set<string>): AnthropicMessage[] {
  const result: Array<{ role: 'user' | 'assistant'; content: AnthropicContentBlock[] }> = [];
  for (const message of messages) {
    if (message.role === 'system' || message.role === 'developer') continue;
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const blocks = blocksOf(message, ignored);
    if (!blocks.length) continue;
    const last = result[result.length - 1];
    if (last?.role === role) last.content.push(...blocks);
    else result.push({ role, content: blocks });
  }
  return result;
}
