import { newId } from '../common/ids';
import type { ChatChunk, FinishReason, ToolCallDelta, Usage } from '../unified.types';
import { stopReasonToAnthropic } from './anthropic.mapping';
import { anthropicErrorBody } from './anthropic-errors';

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Unified chunks -> the Anthropic SSE our `/v1/messages` callers read. Stateful: one per answer.
 * message_delta waits for end(), because OpenAI-shaped upstreams send usage after the finish chunk.
 */
export class AnthropicStreamEncoder {
  private started = false;
  private ended = false;
  private nextBlock = 0;
  private openBlock: number | null = null;
  private textBlock: number | null = null;
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
    const final = usage ?? this.usage;
    this.ended = true;
    out += frame('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReasonToAnthropic(this.finishReason), stop_sequence: null },
      usage: { input_tokens: final?.prompt_tokens ?? 0, output_tokens: final?.completion_tokens ?? 0 },
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
      usage: { input_tokens: usage?.prompt_tokens ?? 0, output_tokens: 0 },
    };
    return frame('message_start', { type: 'message_start', message });
  }

  private text(text: string): string {
    let out = '';
    if (this.openBlock === null || this.openBlock !== this.textBlock) {
      out += this.closeBlock();
      this.textBlock = this.openBlock = this.nextBlock++;
      out += frame('content_block_start', { type: 'content_block_start', index: this.textBlock, content_block: { type: 'text', text: '' } });
    }
    return out + frame('content_block_delta', { type: 'content_block_delta', index: this.textBlock, delta: { type: 'text_delta', text } });
  }

  private toolCall(call: ToolCallDelta): string {
    let out = '';
    let block = this.toolBlocks.get(call.index);
    if (block === undefined) {
      out += this.closeBlock();
      block = this.openBlock = this.nextBlock++;
      this.toolBlocks.set(call.index, block);
      const contentBlock = { type: 'tool_use', id: call.id ?? newId('toolu_'), name: call.function?.name ?? '', input: {} };
      out += frame('content_block_start', { type: 'content_block_start', index: block, content_block: contentBlock });
    }
    const json = call.function?.arguments;
    if (!json) return out;
    return out + frame('content_block_delta', { type: 'content_block_delta', index: block, delta: { type: 'input_json_delta', partial_json: json } });
  }

  private closeBlock(): string {
    if (this.openBlock === null) return '';
    const index = this.openBlock;
    this.openBlock = this.textBlock = null;
    return frame('content_block_stop', { type: 'content_block_stop', index });
  }
}
