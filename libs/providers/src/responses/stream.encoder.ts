import { newId } from '../common/ids';
import type { ChatChunk, FinishReason, ThinkingBlock, ToolCallDelta, Usage } from '../unified.types';
import { buildResponse, fullContext, messageItem, reasoningItem, statusOf, type ResponseState } from './response.transform';
import type { FunctionCallItem, OutputItem, ResponseContext } from './responses.types';

interface OpenReasoning {
  kind: 'reasoning';
  index: number;
  id: string;
  text: string;
  /** Reasoning text not yet claimed by a signed thinking block. */
  pending: string;
  blocks: ThinkingBlock[];
  summary: boolean;
}
/** An output item while it streams. */
type Open =
  | OpenReasoning
  | { kind: 'message'; index: number; id: string; text: string }
  | { kind: 'function_call'; index: number; item: FunctionCallItem };

/**
 * Unified chunks -> the Responses API SSE our `/v1/responses` callers read. Stateful: one per answer.
 * The completion event waits for end(), because OpenAI-shaped upstreams send usage after the finish chunk.
 */
export class ResponsesStreamEncoder {
  private readonly ctx: Required<ResponseContext>;
  private sequence = 0;
  private started = false;
  private ended = false;
  private readonly items: Array<Open> = [];
  private current: Open | null = null;
  /** Our tool-call index -> its streaming item. */
  private readonly calls = new Map<number, Extract<Open, { kind: 'function_call' }>>();
  private finishReason: FinishReason = null;
  private usage: Usage | undefined;

  constructor(ctx: ResponseContext) {
    this.ctx = fullContext(ctx);
  }

  push(chunk: ChatChunk): string {
    if (this.ended) return '';
    let out = this.start();
    if (chunk.usage) this.usage = chunk.usage;
    const choice = chunk.choices[0];
    if (!choice) return out;
    const { delta } = choice;
    if (delta.reasoning_content) out += this.reasoning(delta.reasoning_content);
    if (delta.thinking_blocks?.length) out += this.thinking(delta.thinking_blocks);
    if (delta.content) out += this.text(delta.content);
    for (const call of delta.tool_calls ?? []) out += this.toolCall(call);
    if (choice.finish_reason) {
      this.finishReason = choice.finish_reason;
      out += this.close();
    }
    return out;
  }

  /** Close what is open and emit response.completed (or .incomplete); `usage` overrides any usage seen in chunks. */
  end(usage?: Usage): string {
    if (this.ended) return '';
    const out = this.start() + this.close();
    this.ended = true;
    const status = statusOf(this.finishReason);
    const response = this.snapshot({ status, usage: usage ?? this.usage, finishReason: this.finishReason });
    return out + this.event(status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
  }

  /**
   * response.failed, then an `error` event. The error carries its fields both flat (as documented) and nested under
   * `error` (as the live API sends them): the SDKs raise on the nested form, clients of the documented one still read it.
   */
  error(code: string, message: string): string {
    if (this.ended) return '';
    const out = this.start();
    this.ended = true;
    const response = this.snapshot({ status: 'failed', error: { code, message } });
    const error = { type: code, code, message, param: null };
    return out + this.event('response.failed', { response }) + this.event('error', { code, message, param: null, error });
  }

  private start(): string {
    if (this.started) return '';
    this.started = true;
    const response = buildResponse(this.ctx, { status: 'in_progress', output: [] });
    return this.event('response.created', { response }) + this.event('response.in_progress', { response });
  }

  private reasoning(text: string): string {
    let out = '';
    let open = this.current;
    if (open?.kind !== 'reasoning') {
      out += this.close();
      open = this.openReasoning();
      out += this.added(open);
    }
    const base = { item_id: open.id, output_index: open.index, summary_index: 0 };
    if (!open.summary) {
      open.summary = true;
      out += this.event('response.reasoning_summary_part.added', { ...base, part: { type: 'summary_text', text: '' } });
    }
    open.text += text;
    open.pending += text;
    return out + this.event('response.reasoning_summary_text.delta', { ...base, delta: text });
  }

  /** Finished thinking blocks; a signed block's text, when left out, is the reasoning streamed since the last block. */
  private thinking(blocks: ThinkingBlock[]): string {
    let out = '';
    const isReasoning = (item: Open | null): item is OpenReasoning => item?.kind === 'reasoning';
    let open = isReasoning(this.current) ? this.current : this.items.findLast(isReasoning);
    if (!open) {
      out += this.close();
      open = this.openReasoning();
      out += this.added(open);
    }
    for (const block of blocks) {
      open.blocks.push(block.type === 'thinking' && !block.thinking ? { ...block, thinking: open.pending } : block);
      if (block.type === 'thinking') open.pending = '';
    }
    return out;
  }

  private text(text: string): string {
    let out = '';
    let open = this.current;
    if (open?.kind !== 'message') {
      out += this.close();
      open = { kind: 'message', index: this.items.length, id: newId('msg_'), text: '' };
      this.track(open);
      out += this.added(open);
      const part = { type: 'output_text', text: '', annotations: [], logprobs: [] };
      out += this.event('response.content_part.added', { item_id: open.id, output_index: open.index, content_index: 0, part });
    }
    open.text += text;
    const ids = { item_id: open.id, output_index: open.index, content_index: 0 };
    return out + this.event('response.output_text.delta', { ...ids, delta: text, logprobs: [] });
  }

  private toolCall(call: ToolCallDelta): string {
    let out = '';
    let open = this.calls.get(call.index);
    if (!open) {
      out += this.close();
      const item: FunctionCallItem = {
        id: newId('fc_'),
        type: 'function_call',
        status: 'in_progress',
        arguments: '',
        call_id: call.id ?? newId('call_'),
        name: call.function?.name ?? '',
      };
      open = { kind: 'function_call', index: this.items.length, item };
      this.calls.set(call.index, open);
      this.track(open);
      out += this.added(open);
    } else if (call.function?.name && !open.item.name) {
      open.item.name = call.function.name;
    }
    const args = call.function?.arguments;
    if (!args) return out;
    open.item.arguments += args;
    // A late fragment for a call already closed still reaches the final response, which replaces the snapshot.
    if (open !== this.current) return out;
    return out + this.event('response.function_call_arguments.delta', { item_id: open.item.id, output_index: open.index, delta: args });
  }

  private openReasoning(): OpenReasoning {
    const index = this.items.length;
    const open: OpenReasoning = { kind: 'reasoning', index, id: newId('rs_'), text: '', pending: '', blocks: [], summary: false };
    this.track(open);
    return open;
  }

  private track(open: Open): void {
    this.items.push(open);
    this.current = open;
  }

  private added(open: Open): string {
    const item = open.kind === 'message' ? { ...messageItem(open.id, '', 'in_progress'), content: [] } : this.itemOf(open, 'in_progress');
    return this.event('response.output_item.added', { output_index: open.index, item });
  }

  private close(): string {
    const open = this.current;
    if (!open) return '';
    this.current = null;
    const ids = { output_index: open.index };
    let out = '';
    if (open.kind === 'reasoning' && open.summary) {
      const base = { item_id: open.id, ...ids, summary_index: 0 };
      out += this.event('response.reasoning_summary_text.done', { ...base, text: open.text });
      out += this.event('response.reasoning_summary_part.done', { ...base, part: { type: 'summary_text', text: open.text } });
    } else if (open.kind === 'message') {
      const base = { item_id: open.id, ...ids, content_index: 0 };
      out += this.event('response.output_text.done', { ...base, text: open.text, logprobs: [] });
      out += this.event('response.content_part.done', { ...base, part: messageItem(open.id, open.text, 'completed').content[0] });
    } else if (open.kind === 'function_call') {
      open.item.arguments ||= '{}';
      const { id, arguments: args, name } = open.item;
      out += this.event('response.function_call_arguments.done', { item_id: id, ...ids, arguments: args, name });
    }
    return out + this.event('response.output_item.done', { ...ids, item: this.itemOf(open, 'completed') });
  }

  private itemOf(open: Open, status: 'in_progress' | 'completed'): OutputItem {
    if (open.kind === 'reasoning') return reasoningItem(open.id, open.text, open.blocks, this.ctx.request);
    if (open.kind === 'function_call') return { ...open.item, status };
    const truncated = status === 'completed' && statusOf(this.finishReason) === 'incomplete';
    return messageItem(open.id, open.text, truncated ? 'incomplete' : status);
  }

  private snapshot(state: Omit<ResponseState, 'output'>): ReturnType<typeof buildResponse> {
    const output = this.items.map((open): OutputItem => this.itemOf(open, open === this.current ? 'in_progress' : 'completed'));
    return buildResponse(this.ctx, { ...state, output });
  }

  private event(type: string, fields: Record<string, unknown>): string {
    return `event: ${type}\ndata: ${JSON.stringify({ type, ...fields, sequence_number: this.sequence++ })}\n\n`;
  }
}
