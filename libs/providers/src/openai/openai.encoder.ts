import type { ChatChunk } from '../unified.types';

export const OPENAI_STREAM_DONE = 'data: [DONE]\n\n';

/** One chunk as an OpenAI SSE frame. */
export function encodeOpenAiChunk(chunk: ChatChunk): string {
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/** An error inside an OpenAI stream, as the SDKs read it (`data: {"error":…}`). */
export function encodeOpenAiStreamError(body: { error: { message: string; type: string; code: string | null } }): string {
  return `data: ${JSON.stringify(body)}\n\n`;
}
