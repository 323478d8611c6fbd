import type { ChatRequest, ToolChoice } from '../unified.types';
import type { AnthropicTool, AnthropicToolChoice } from './anthropic.types';
import { structuredOutputTool } from './structured-output';

export interface AnthropicTools {
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  /** The choice forces a tool only to emulate response_format. */
  forcedByUs: boolean;
}

function toAnthropicToolChoice(choice: ToolChoice | undefined, parallel: unknown): AnthropicToolChoice | undefined {
  const extra = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return parallel === false ? { type: 'auto', ...extra } : undefined;
  if (choice === 'auto') return { type: 'auto', ...extra };
  if (choice === 'required') return { type: 'any', ...extra };
  if (choice === 'none') return { type: 'none' };
  return { type: 'tool', name: choice.function.name, ...extra };
}

/** The caller's tools and choice, plus the answer tool that emulates response_format (see structured-output.ts). */
export function toAnthropicTools(request: ChatRequest): AnthropicTools {
  const tools: AnthropicTool[] = (request.tools ?? []).map((tool) => ({
    name: tool.function.name,
    ...(tool.function.description ? { description: tool.function.description } : {}),
    input_schema: tool.function.parameters ?? { type: 'object', properties: {} },
  }));
  const choice = tools.length ? toAnthropicToolChoice(request.tool_choice, request.parallel_tool_calls) : undefined;
  const answer = structuredOutputTool(request.response_format);
  if (!answer) return { ...(tools.length ? { tools } : {}), ...(choice ? { tool_choice: choice } : {}), forcedByUs: false };
  const parallel = request.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
  // Callable caller tools stay callable: the model then has to call one of them or the answer tool.
  if (tools.length && choice?.type !== 'none') {
    if (choice?.type === 'any' || choice?.type === 'tool') return { tools: [...tools, answer], tool_choice: choice, forcedByUs: false };
    return { tools: [...tools, answer], tool_choice: { type: 'any', ...parallel }, forcedByUs: true };
  }
  return { tools: [...tools, answer], tool_choice: { type: 'tool', name: answer.name, ...parallel }, forcedByUs: true };
}
