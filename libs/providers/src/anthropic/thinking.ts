import { isObject } from '../common/json';
import { maxTokensOf } from '../common/params';
import { effortForBudget, reasoningFields, thinkingBudgetOf } from '../common/reasoning';
import type { ChatMessage, ChatRequest, ThinkingBlock } from '../unified.types';
import type { AnthropicContentBlock, AnthropicRedactedThinkingBlock, AnthropicRequest, AnthropicThinkingBlock } from './anthropic.types';

/** Anthropic requires max_tokens; OpenAI-format callers often leave it out. */
const DEFAULT_MAX_TOKENS = 4096;
const MIN_BUDGET = 1024;
/** Room left for the answer when we choose max_tokens, which counts thinking too. */
const ANSWER_TOKENS = 4096;
/** With thinking on, Anthropic takes top_p only from 0.95 up. */
const MIN_TOP_P = 0.95;

export interface ThinkingPlan {
  thinking?: { type: 'enabled'; budget_tokens: number };
  maxTokens: number;
}

export function replayableBlocks(blocks: ThinkingBlock[] | undefined): Array<AnthropicThinkingBlock | AnthropicRedactedThinkingBlock> {
  return (blocks ?? []).flatMap((block): Array<AnthropicThinkingBlock | AnthropicRedactedThinkingBlock> => {
    if (block.type === 'redacted_thinking') return [{ type: 'redacted_thinking', data: block.data }];
    // Anthropic refuses thinking without its signature; unsigned reasoning was output only.
    return block.signature ? [{ type: 'thinking', thinking: block.thinking, signature: block.signature }] : [];
  });
}

/**
 * Anthropic refuses thinking in a tool-use loop whose last assistant turn does not start with its
 * signed thinking (OpenAI-format histories have none): such a turn goes without thinking.
 */
function unsignedToolLoop(messages: ChatMessage[]): boolean {
  const last = messages.findLastIndex((message) => message.role === 'assistant');
  if (last < 0 || !messages[last].tool_calls?.length) return false;
  const inLoop = messages.slice(last + 1).some((message) => message.role === 'tool');
  return inLoop && !replayableBlocks(messages[last].thinking_blocks).length;
}

/**
 * The thinking budget and max_tokens to send: the budget is at least 1024 and below max_tokens.
 * Without a caller max_tokens we make room for the answer; one too small for any thinking, or a
 * loop that cannot carry thinking, turns thinking off and reports the fields that asked for it.
 */
export function planThinking(request: ChatRequest, ignored: Set<string>): ThinkingPlan {
  const given = maxTokensOf(request);
  const budget = thinkingBudgetOf(request);
  if (!budget) return { maxTokens: given ?? DEFAULT_MAX_TOKENS };
  if ((given !== undefined && given <= MIN_BUDGET) || unsignedToolLoop(request.messages)) {
    for (const field of reasoningFields(request)) ignored.add(field);
    return { maxTokens: given ?? DEFAULT_MAX_TOKENS };
  }
  const wanted = Math.max(MIN_BUDGET, budget);
  const maxTokens = given ?? Math.max(DEFAULT_MAX_TOKENS, wanted + ANSWER_TOKENS);
  return { thinking: { type: 'enabled', budget_tokens: Math.min(wanted, maxTokens - 1) }, maxTokens };
}

/**
 * With thinking on, Anthropic refuses temperature other than 1, top_k, top_p below 0.95 and
 * forced tool use: those are dropped (reported, unless the forcing was our own emulation).
 */
export function dropThinkingConflicts(body: AnthropicRequest, ignored: Set<string>, forcedByUs: boolean): void {
  if (body.temperature !== undefined && body.temperature !== 1) {
    delete body.temperature;
    ignored.add('temperature');
  }
  if (body.top_k !== undefined) {
    delete body.top_k;
    ignored.add('top_k');
  }
  if (body.top_p !== undefined && body.top_p < MIN_TOP_P) {
    delete body.top_p;
    ignored.add('top_p');
  }
  const choice = body.tool_choice;
  if (choice?.type === 'any' || choice?.type === 'tool') {
    body.tool_choice = { type: 'auto', ...(choice.disable_parallel_tool_use ? { disable_parallel_tool_use: true } : {}) };
    if (!forcedByUs) ignored.add('tool_choice');
  }
}

/** Thinking and redacted thinking blocks of an answer or a history turn, whole and in order. */
export function thinkingBlocksOf(blocks: AnthropicContentBlock[]): ThinkingBlock[] {
  return blocks.flatMap((block): ThinkingBlock[] => {
    if (block.type === 'thinking') return [{ type: 'thinking', thinking: block.thinking ?? '', signature: block.signature ?? '' }];
    return block.type === 'redacted_thinking' ? [{ type: 'redacted_thinking', data: block.data }] : [];
  });
}

export function reasoningTextOf(blocks: ThinkingBlock[]): string {
  return blocks.map((block) => (block.type === 'thinking' ? block.thinking : '')).join('');
}

/** An Anthropic caller's `thinking` -> unified fields; a budget maps to a level (< 4096 low, < 16384 medium, else high). */
export function thinkingFromAnthropic(config: unknown, ignored: Set<string>): Pick<ChatRequest, 'reasoning_effort' | 'thinking_budget'> {
  if (!isObject(config) || config.type === 'disabled') return {};
  if (config.type === 'adaptive') return { reasoning_effort: 'medium' };
  if (config.type !== 'enabled') {
    ignored.add('thinking');
    return {};
  }
  const budget = config.budget_tokens;
  return typeof budget === 'number' ? { reasoning_effort: effortForBudget(budget), thinking_budget: budget } : { reasoning_effort: 'medium' };
}
