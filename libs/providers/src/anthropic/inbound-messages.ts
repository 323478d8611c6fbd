import { isObject } from '../common/json';
import { ProviderError } from '../provider-error';
import type { ChatMessage, ContentPart, ToolCall } from '../unified.types';
import { imageUrlFromBlock } from './anthropic.mapping';
import type { AnthropicContentBlock, AnthropicMessage, AnthropicToolResultBlock } from './anthropic.types';
import { fileFromDocument } from './documents';
import { reasoningTextOf, thinkingBlocksOf } from './thinking';

/** Text, image and document blocks as unified parts; other blocks are reported by their type. */
function partsFromBlocks(blocks: AnthropicContentBlock[], ignored: Set<string>): ContentPart[] {
  return blocks.flatMap((block): ContentPart[] => {
    if (block.type === 'text') return [{ type: 'text', text: block.text }];
    if (block.type === 'image') return [{ type: 'image_url', image_url: { url: imageUrlFromBlock(block) } }];
    if (block.type === 'document') {
      const file = fileFromDocument(block, ignored);
      return file ? [file] : [];
    }
    if (block.type !== 'tool_result') ignored.add(String(block.type));
    return [];
  });
}

/** Plain text when there is only text (the common case, and what every target takes). */
function contentOf(parts: ContentPart[], separator: string): ChatMessage['content'] {
  const onlyText = parts.every((part) => part.type === 'text');
  return onlyText ? parts.map((part) => (part as { text: string }).text).join(separator) : parts;
}

function toolMessage(block: AnthropicToolResultBlock, ignored: Set<string>): ChatMessage {
  if (block.is_error) ignored.add('is_error');
  const content = Array.isArray(block.content) ? contentOf(partsFromBlocks(block.content, ignored), '') : (block.content ?? '');
  return { role: 'tool', tool_call_id: block.tool_use_id, content };
}

function userMessages(blocks: AnthropicContentBlock[], ignored: Set<string>): ChatMessage[] {
  // OpenAI wants each tool result as its own `tool` message right after the assistant's calls.
  const results = blocks.filter((block): block is AnthropicToolResultBlock => block.type === 'tool_result');
  const toolMessages = results.map((block) => toolMessage(block, ignored));
  const parts = partsFromBlocks(blocks, ignored);
  return parts.length ? [...toolMessages, { role: 'user', content: contentOf(parts, '\n') }] : toolMessages;
}

function assistantMessage(blocks: AnthropicContentBlock[], ignored: Set<string>): ChatMessage {
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of blocks) {
    if (block.type === 'text') texts.push(block.text);
    else if (block.type === 'tool_use') {
      toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
    }
    else if (block.type !== 'thinking' && block.type !== 'redacted_thinking') ignored.add(String(block.type));
  }
  const text = texts.join('');
  const message: ChatMessage = { role: 'assistant', content: text || (toolCalls.length ? null : '') };
  if (toolCalls.length) message.tool_calls = toolCalls;
  const thinking = thinkingBlocksOf(blocks);
  if (thinking.length) Object.assign(message, { reasoning_content: reasoningTextOf(thinking), thinking_blocks: thinking });
  return message;
}

/** One Anthropic message -> unified messages (a user turn with tool results becomes several). */
export function messagesFromAnthropic(message: AnthropicMessage, ignored: Set<string>): ChatMessage[] {
  if (typeof message.content === 'string') return [{ role: message.role, content: message.content }];
  if (!Array.isArray(message.content)) throw new ProviderError('invalid_request', 'messages: content must be a string or a list of blocks');
  const blocks = message.content.filter(isObject) as AnthropicContentBlock[];
  return message.role === 'assistant' ? [assistantMessage(blocks, ignored)] : userMessages(blocks, ignored);
}
