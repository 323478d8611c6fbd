import type { ChatRequest, ReasoningEffort } from '../unified.types';

export type EffortLevel = Exclude<ReasoningEffort, 'none'>;

/** Thinking tokens per effort level, for targets that take a budget (Anthropic, Gemini). */
export const BUDGET_BY_EFFORT: Readonly<Record<EffortLevel, number>> = { minimal: 1024, low: 2048, medium: 8192, high: 24576, xhigh: 32000 };

export function isEffortLevel(value: unknown): value is EffortLevel {
  return typeof value === 'string' && Object.hasOwn(BUDGET_BY_EFFORT, value);
}

/** The level a thinking budget stands for, for targets that take levels. */
export function effortForBudget(budget: number): 'low' | 'medium' | 'high' {
  if (budget < 4096) return 'low';
  return budget < 16384 ? 'medium' : 'high';
}

/** The thinking budget a request asks for: undefined when it asks nothing (or an unknown level), 0 to switch thinking off. */
export function thinkingBudgetOf(request: Pick<ChatRequest, 'reasoning_effort' | 'thinking_budget'>): number | undefined {
  const effort = request.reasoning_effort;
  if (effort === 'none') return 0;
  if (typeof request.thinking_budget === 'number') return Math.max(0, Math.floor(request.thinking_budget));
  return isEffortLevel(effort) ? BUDGET_BY_EFFORT[effort] : undefined;
}

/** The fields that asked for thinking, to report when a target cannot think. */
export function reasoningFields(request: ChatRequest): string[] {
  return ['reasoning_effort', 'thinking_budget'].filter((field) => request[field] != null);
}
