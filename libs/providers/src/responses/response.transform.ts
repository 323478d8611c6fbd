import { newId, nowSeconds } from '../common/ids';
import { isObject } from '../common/json';
import type { ChatResponse, FinishReason, ThinkingBlock, Usage } from '../unified.types';
import { encodeThinkingBlocks, wantsEncryptedReasoning } from './reasoning.codec';
import type {
  MessageItem,
  OutputItem,
  ReasoningItem,
  ResponseContext,
  ResponseObject,
  ResponseStatus,
  ResponsesUsage,
} from './responses.types';

/** What a finished (or failing) answer adds to the echo of the request. */
export interface ResponseState {
  status: ResponseStatus;
  output: OutputItem[];
  usage?: Usage | null;
  finishReason?: FinishReason;
  error?: { code: string; message: string };
}

export function usageToResponses(usage: Usage): ResponsesUsage {
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: usage.prompt_tokens_details?.cached_tokens ?? 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: usage.completion_tokens_details?.reasoning_tokens ?? 0 },
    total_tokens: usage.total_tokens ?? usage.prompt_tokens + usage.completion_tokens,
  };
}

/** Usage of a Responses answer passed through natively -> our Usage; undefined when it has none. */
export function usageFromResponses(usage: unknown): Usage | undefined {
  if (!isObject(usage) || typeof usage.input_tokens !== 'number' || typeof usage.output_tokens !== 'number') return undefined;
  const cached = isObject(usage.input_tokens_details) ? usage.input_tokens_details.cached_tokens : undefined;
  const reasoning = isObject(usage.output_tokens_details) ? usage.output_tokens_details.reasoning_tokens : undefined;
  return {
    prompt_tokens: usage.input_tokens,
    completion_tokens: usage.output_tokens,
    total_tokens: typeof usage.total_tokens === 'number' ? usage.total_tokens : usage.input_tokens + usage.output_tokens,
    ...(typeof cached === 'number' ? { prompt_tokens_details: { cached_tokens: cached } } : {}),
    ...(typeof reasoning === 'number' ? { completion_tokens_details: { reasoning_tokens: reasoning } } : {}),
  };
}

export function statusOf(finishReason: FinishReason | undefined): 'completed' | 'incomplete' {
  return finishReason === 'length' || finishReason === 'content_filter' ? 'incomplete' : 'completed';
}

/** A reasoning item; thinking blocks travel in `encrypted_content` only when the caller asked for it. */
export function reasoningItem(id: string, text: string, blocks: ThinkingBlock[], request: Record<string, unknown>): ReasoningItem {
  const item: ReasoningItem = { id, type: 'reasoning', summary: text ? [{ type: 'summary_text', text }] : [] };
  if (blocks.length && wantsEncryptedReasoning(request)) item.encrypted_content = encodeThinkingBlocks(blocks);
  return item;
}

export function messageItem(id: string, text: string, status: MessageItem['status']): MessageItem {
  return { id, type: 'message', status, role: 'assistant', content: [{ type: 'output_text', text, annotations: [], logprobs: [] }] };
}

const echo = (request: Record<string, unknown>, field: string, fallback: unknown): unknown => request[field] ?? fallback;

/** The Response object: the answer's state plus the request parameters the API echoes. */
export function buildResponse(ctx: Required<ResponseContext>, state: ResponseState): ResponseObject {
  const { request } = ctx;
  const reasoning = isObject(request.reasoning) ? request.reasoning : {};
  const text = isObject(request.text) ? request.text : {};
  const incomplete = state.status === 'incomplete';
  return {
    id: ctx.id,
    object: 'response',
    created_at: ctx.createdAt,
    status: state.status,
    background: false,
    completed_at: state.status === 'completed' ? nowSeconds() : null,
    error: state.error ?? null,
    incomplete_details: incomplete ? { reason: state.finishReason === 'content_filter' ? 'content_filter' : 'max_output_tokens' } : null,
    instructions: echo(request, 'instructions', null),
    max_output_tokens: echo(request, 'max_output_tokens', null),
    max_tool_calls: echo(request, 'max_tool_calls', null),
    model: ctx.model,
    output: state.output,
    parallel_tool_calls: echo(request, 'parallel_tool_calls', true),
    previous_response_id: null,
    prompt_cache_key: echo(request, 'prompt_cache_key', null),
    reasoning: { effort: reasoning.effort ?? null, summary: reasoning.summary ?? null },
    safety_identifier: echo(request, 'safety_identifier', null),
    service_tier: 'default',
    store: false,
    temperature: echo(request, 'temperature', 1),
    text: { format: text.format ?? { type: 'text' }, verbosity: text.verbosity ?? 'medium' },
    tool_choice: echo(request, 'tool_choice', 'auto'),
    tools: echo(request, 'tools', []),
    top_logprobs: echo(request, 'top_logprobs', 0),
    top_p: echo(request, 'top_p', 1),
    truncation: echo(request, 'truncation', 'disabled'),
    usage: state.usage ? usageToResponses(state.usage) : null,
    user: echo(request, 'user', null),
    metadata: echo(request, 'metadata', {}),
  };
}

export function fullContext(ctx: ResponseContext): Required<ResponseContext> {
  return { ...ctx, id: ctx.id ?? newId('resp_'), createdAt: ctx.createdAt ?? nowSeconds() };
}

/** A whole unified answer -> the Response object a Responses API caller gets. */
export function unifiedResponseToResponses(response: ChatResponse, ctx: ResponseContext): ResponseObject {
  const choice = response.choices[0];
  const message = choice?.message;
  const status = statusOf(choice?.finish_reason);
  const output: OutputItem[] = [];
  const blocks = message?.thinking_blocks ?? [];
  const thinking = blocks.flatMap((block) => (block.type === 'thinking' ? [block.thinking] : [])).join('\n\n');
  const reasoning = message?.reasoning_content || thinking;
  if (reasoning || blocks.length) output.push(reasoningItem(newId('rs_'), reasoning, blocks, ctx.request));
  const text = message?.content ?? '';
  const calls = message?.tool_calls ?? [];
  // An empty answer still gets its (empty) message: clients read the text without looking.
  if (text || !calls.length) output.push(messageItem(newId('msg_'), text, status === 'completed' ? 'completed' : 'incomplete'));
  for (const call of calls) {
    const { name, arguments: args } = call.function;
    output.push({ id: newId('fc_'), type: 'function_call', status: 'completed', arguments: args || '{}', call_id: call.id, name });
  }
  return buildResponse(fullContext(ctx), { status, output, usage: response.usage, finishReason: choice?.finish_reason });
}
