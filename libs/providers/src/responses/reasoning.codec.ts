import { isObject, tryParseJson } from '../common/json';
import type { ThinkingBlock } from '../unified.types';

// Our own `encrypted_content`: thinking blocks kept whole, so a stateless caller can replay them
// (Anthropic refuses tool-use turns whose thinking lost its signature).
const PREFIX = 'gwtb1.';

export const ENCRYPTED_REASONING = 'reasoning.encrypted_content';

export function encodeThinkingBlocks(blocks: ThinkingBlock[]): string {
  return PREFIX + Buffer.from(JSON.stringify(blocks), 'utf8').toString('base64url');
}

/** The thinking blocks we wrote, or undefined for anyone else's encrypted content. */
export function decodeThinkingBlocks(encrypted: string): ThinkingBlock[] | undefined {
  if (!encrypted.startsWith(PREFIX)) return undefined;
  const parsed = tryParseJson(Buffer.from(encrypted.slice(PREFIX.length), 'base64url').toString('utf8'));
  if (!Array.isArray(parsed) || !parsed.every(isThinkingBlock)) return undefined;
  return parsed;
}

function isThinkingBlock(block: unknown): block is ThinkingBlock {
  if (!isObject(block)) return false;
  if (block.type === 'thinking') {
    return typeof block.thinking === 'string' && (block.signature === undefined || typeof block.signature === 'string');
  }
  return block.type === 'redacted_thinking' && typeof block.data === 'string';
}

/** Whether the caller asked for `encrypted_content` on reasoning items. */
export function wantsEncryptedReasoning(request: Record<string, unknown>): boolean {
  return Array.isArray(request.include) && request.include.includes(ENCRYPTED_REASONING);
}
