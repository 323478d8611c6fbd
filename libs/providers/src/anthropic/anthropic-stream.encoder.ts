import { newId } from '../common/ids';
import type { ChatChunk, FinishReason, ThinkingBlock, ToolCallDelta, Usage } from '../unified.types';
import { stopReasonToAnthropic, usageToAnthropic } from './anthropic.mapping';
import { anthropicErrorBody } from './anthropic-errors';

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

type BlockKind = 'text' | 'thinking' | 'tool_use';

/**
 * Unified chunks -> the Anthropic SSE our `/v1/messages` callers read. Stateful: one per answer.
 * message_delta waits for end(), because OpenAI-shaped upstreams send usage after the finish chunk.
 */
export class AnthropicStreamEncoder {
  private started = false;
  private ended = false;
  private nextBlock = 0;
  private open: { index: number; kind: BlockKind } | null = null;
  /** Our tool-call index -> its Anthropic content-block index. */
  private readonly toolBlocks = new Map<number, number>();
  private finishReason: FinishReason = null;
  private usage: Usage | undefined;

  constructor(
    private readonly requestedModel: string,
    private readonly messageId = newId('msg_'),
  ) {}

  push(chunk: ChatChunk): string {
    let out = this.start(chunk.usage ?? undefined);
    if (chunk.usage) this.usage = chunk.usage;
    const choice = chunk.choices[0];
    if (!choice || this.ended) return out;
    if (choice.delta.reasoning_content) out += this.thinking(choice.delta.reasoning_content);
    for (const block of choice.delta.thinking_blocks ?? []) out += this.thinkingBlock(block);
    if (choice.delta.content) out += this.text(choice.delta.content);
    for (const call of choice.delta.tool_calls ?? []) out += this.toolCall(call);
    if (choice.finish_reason) {
      this.finishReason = choice.finish_reason;
      out += this.closeBlock();
    }
    return out;
  }

  /** Close what is open and finish the message; `usage` overrides any usage seen in chunks. */
  end(usage?: Usage): string {
    if (this.ended) return '';
    let out = this.start(usage) + this.closeBlock();
    this.ended = true;
    out += frame('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReasonToAnthropic(this.finishReason), stop_sequence: null },
      usage: usageToAnthropic(usage ?? this.usage),
    });
    return out + frame('message_stop', { type: 'message_stop' });
  }

  /** An error frame, as Anthropic sends mid-stream; nothing follows it. */
  error(type: string, message: string): string {
    this.ended = true;
    return frame('error', anthropicErrorBody(type, message));
  }

  private start(usage: Usage | undefined): string {
    if (this.started) return '';
    this.started = true;
    const message = {
      id: this.messageId,
      type: 'message',
      role: 'assistant',
      model: this.requestedModel,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usageToAnthropic(usage), output_tokens: 0 },
    };
    return frame('message_start', { type: 'message_start', message });
  }

  /** The open block of this kind, or a new one (closing the open one). */
  private blockOf(kind: BlockKind, contentBlock: Record<string, unknown>): { out: string; index: number } {
    if (this.open?.kind === kind) return { out: '', index: this.open.index };
    const index = this.nextBlock++;
    const out = this.closeBlock() + frame('content_block_start', { type: 'content_block_start', index, content_block: contentBlock });
    this.open = { index, kind };
    return { out, index };
  }

  private delta(index: number, delta: Record<string, unknown>): string {
    return frame('content_block_delta', { type: 'content_block_delta', index, delta });
  }

  private thinking(thinking: string): string {
    const { out, index } = this.blockOf('thinking', { type: 'thinking', thinking: '', signature: '' });
    return out + this.delta(index, { type: 'thinking_delta', thinking });
  }

  /** A signature ends its thinking block; a redacted block comes whole. */
  private thinkingBlock(block: ThinkingBlock): string {
    if (block.type === 'redacted_thinking') {
      const out = this.closeBlock();
      const index = this.nextBlock++;
      const start = frame('content_block_start', { type: 'content_block_start', index, content_block: { type: 'redacted_thinking', data: block.data } });
      return out + start + frame('content_block_stop', { type: 'content_block_stop', index });
    }
    let out = block.thinking ? this.thinking(block.thinking) : '';
    if (!block.signature) return out;
    const opened = this.blockOf('thinking', { type: 'thinking', thinking: '', signature: '' });
    out += opened.out + this.delta(opened.index, { type: 'signature_delta', signature: block.signature });
    return out + this.closeBlock();
  }

  private text(text: string): string {
    const { out, index } = this.blockOf('text', { type: 'text', text: '' });
    return out + this.delta(index, { type: 'text_delta', text });
  }

  private toolCall(call: ToolCallDelta): string {
    let out = '';
    let block = this.toolBlocks.get(call.index);
    if (block === undefined) {
      out += this.closeBlock();
      block = this.nextBlock++;
      this.open = { index: block, kind: 'tool_use' };
      this.toolBlocks.set(call.index, block);
      const contentBlock = { type: 'tool_use', id: call.id ?? newId('toolu_'), name: call.function?.name ?? '', input: {} };
      out += frame('content_block_start', { type: 'content_block_start', index: block, content_block: contentBlock });
    }
    const json = call.function?.arguments;
    return json ? out + this.delta(block, { type: 'input_json_delta', partial_json: json }) : out;
  }

  private closeBlock(): string {
    if (this.open === null) return '';
    const index = this.open.index;
    this.open = null;
    return frame('content_block_stop', { type: 'content_block_stop', index });
  }
}
