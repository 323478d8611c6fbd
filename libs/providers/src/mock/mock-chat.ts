import { newId, nowSeconds } from '../common/ids';
import { OPENAI_STREAM_DONE } from '../openai/openai.encoder';
import { streamPieces, type MockReply } from './mock-reply';

/** Tool-call arguments stream in slices of this many characters. */
const ARGUMENT_SLICE = 16;

/** A chat completion as OpenAI's JSON body. */
export function completionBody(reply: MockReply, model: string): string {
  const message = {
    role: 'assistant',
    content: reply.content,
    ...(reply.reasoning !== undefined && { reasoning_content: reply.reasoning }),
    ...(reply.toolCall && { tool_calls: [{ id: newId('call_'), type: 'function', function: reply.toolCall }] }),
  };
  const choice = { index: 0, message, logprobs: null, finish_reason: reply.finishReason };
  return JSON.stringify({ id: newId('chatcmpl-'), object: 'chat.completion', created: nowSeconds(), model, choices: [choice], usage: reply.usage });
}

function deltasOf(reply: MockReply): Array<Record<string, unknown>> {
  const deltas: Array<Record<string, unknown>> = [{ role: 'assistant', content: '' }];
  for (const piece of streamPieces(reply.reasoning ?? '')) deltas.push({ reasoning_content: piece });
  for (const piece of streamPieces(reply.content ?? '')) deltas.push({ content: piece });
  const call = reply.toolCall;
  if (call) {
    deltas.push({ tool_calls: [{ index: 0, id: newId('call_'), type: 'function', function: { name: call.name, arguments: '' } }] });
    for (let i = 0; i < call.arguments.length; i += ARGUMENT_SLICE) {
      deltas.push({ tool_calls: [{ index: 0, function: { arguments: call.arguments.slice(i, i + ARGUMENT_SLICE) } }] });
    }
  }
  return deltas;
}

/**
 * A streamed chat completion as OpenAI's SSE frames, one per chunk, `[DONE]` last. Asked for
 * usage, OpenAI puts `"usage": null` on every chunk and adds a usage chunk without choices.
 */
export function completionFrames(reply: MockReply, model: string, includeUsage: boolean): string[] {
  const head = { id: newId('chatcmpl-'), object: 'chat.completion.chunk', created: nowSeconds(), model };
  const tail = includeUsage ? { usage: null } : {};
  const frame = (delta: Record<string, unknown>, finishReason: string | null = null) =>
    `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...tail })}\n\n`;
  const frames = deltasOf(reply).map((delta) => frame(delta));
  frames.push(frame({}, reply.finishReason));
  if (includeUsage) frames.push(`data: ${JSON.stringify({ ...head, choices: [], usage: reply.usage })}\n\n`);
  frames.push(OPENAI_STREAM_DONE);
  return frames;
}
