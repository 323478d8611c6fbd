import { anthropicRequestToUnified, type AnthropicRequest, type ChatRequest, type EmbeddingsRequest } from '@gateway/providers';
import { GatewayError, type ClientFormat } from './client-format';

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(message: string): never {
  throw new GatewayError(400, message, 'invalid_request');
}

function checkCommon(body: Record<string, unknown>) {
  if (typeof body.model !== 'string' || !body.model) bad('model: a model name is required');
  if (!Array.isArray(body.messages) || body.messages.length === 0) bad('messages: a non-empty array is required');
  if (body.stream !== undefined && typeof body.stream !== 'boolean') bad('stream: must be a boolean');
  for (const field of ['max_tokens', 'max_completion_tokens']) {
    const v = body[field];
    if (v !== undefined && v !== null && (!Number.isInteger(v) || (v as number) < 1)) bad(`${field}: must be a positive integer`);
  }
  for (const field of ['temperature', 'top_p']) {
    const v = body[field];
    if (v !== undefined && v !== null && typeof v !== 'number') bad(`${field}: must be a number`);
  }
  if (body.tools !== undefined && !Array.isArray(body.tools)) bad('tools: must be an array');
}

/** Check a chat request's shape and bring it to our unified (OpenAI) form. */
export function parseChatBody(format: ClientFormat, body: unknown): ChatRequest {
  if (!isObject(body)) bad('The request body must be a JSON object');
  checkCommon(body);
  const messages = body.messages as unknown[];
  if (format === 'openai') {
    messages.forEach((m, i) => {
      if (!isObject(m) || typeof m.role !== 'string' || !ROLES.has(m.role)) bad(`messages[${i}].role: must be one of system, developer, user, assistant, tool`);
    });
    return body as ChatRequest;
  }
  messages.forEach((m, i) => {
    if (!isObject(m) || (m.role !== 'user' && m.role !== 'assistant')) bad(`messages.${i}.role: must be "user" or "assistant"`);
    if (typeof m.content !== 'string' && !Array.isArray(m.content)) bad(`messages.${i}.content: must be a string or an array of content blocks`);
  });
  try {
    return anthropicRequestToUnified(body as unknown as AnthropicRequest);
  } catch (e) {
    return bad(`Invalid request: ${(e as Error).message}`);
  }
}

export function parseEmbeddingsBody(body: unknown): EmbeddingsRequest {
  if (!isObject(body)) bad('The request body must be a JSON object');
  if (typeof body.model !== 'string' || !body.model) bad('model: a model name is required');
  const input = body.input;
  const ok = typeof input === 'string' || (Array.isArray(input) && input.length > 0 && input.every((s) => typeof s === 'string'));
  if (!ok) bad('input: a string or a non-empty array of strings is required');
  return body as unknown as EmbeddingsRequest;
}
