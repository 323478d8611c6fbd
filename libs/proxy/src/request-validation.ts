import { GatewayError } from './client-format';

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function bad(message: string): never {
  throw new GatewayError(400, message, 'invalid_request');
}

/** `stream` a boolean, token limits positive integers, temperature and top_p numbers. */
export function checkSampling(body: Record<string, unknown>, limits: string[]): void {
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') bad('stream: must be a boolean');
  for (const field of limits) {
    const v = body[field];
    if (v !== undefined && v !== null && (!Number.isInteger(v) || (v as number) < 1)) bad(`${field}: must be a positive integer`);
  }
  for (const field of ['temperature', 'top_p']) {
    const v = body[field];
    if (v !== undefined && v !== null && typeof v !== 'number') bad(`${field}: must be a number`);
  }
  if (body.tools !== undefined && body.tools !== null && !Array.isArray(body.tools)) bad('tools: must be an array');
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** OpenAI chat messages: what the gateway itself reads (to count and translate) has the types it expects. */
export function checkOpenAiMessages(messages: unknown[]): void {
  messages.forEach((m, i) => {
    const message = m as Record<string, unknown>;
    const at = `messages[${i}]`;
    const content = message.content;
    if (content !== undefined && content !== null && !isString(content)) {
      if (!Array.isArray(content)) bad(`${at}.content: must be a string, an array of content parts or null`);
      content.forEach((part, j) => {
        if (!isObject(part) || !isString(part.type)) bad(`${at}.content[${j}]: must be an object with a string type`);
        if (part.type === 'text' && !isString(part.text)) bad(`${at}.content[${j}].text: must be a string`);
        if (part.type === 'image_url' && !(isObject(part.image_url) && isString(part.image_url.url))) bad(`${at}.content[${j}].image_url.url: must be a string`);
      });
    }
    if (message.name !== undefined && !isString(message.name)) bad(`${at}.name: must be a string`);
    if (message.tool_call_id !== undefined && !isString(message.tool_call_id)) bad(`${at}.tool_call_id: must be a string`);
    if (message.tool_calls !== undefined && message.tool_calls !== null) {
      if (!Array.isArray(message.tool_calls)) bad(`${at}.tool_calls: must be an array`);
      message.tool_calls.forEach((call, j) => {
        const fn = isObject(call) ? call.function : undefined;
        if (!isObject(fn) || !isString(fn.name) || (fn.arguments !== undefined && !isString(fn.arguments))) {
          bad(`${at}.tool_calls[${j}].function: must have a string name and string arguments`);
        }
      });
    }
  });
}

/** Anthropic content: a string or an array of blocks, each an object with a string type; text blocks with string text. */
export function checkAnthropicContent(content: unknown, at: string): void {
  if (isString(content)) return;
  if (!Array.isArray(content)) bad(`${at}: must be a string or an array of content blocks`);
  content.forEach((block, j) => {
    if (!isObject(block) || !isString(block.type)) bad(`${at}.${j}: must be an object with a string type`);
    if (block.type === 'text' && !isString(block.text)) bad(`${at}.${j}.text: must be a string`);
    if (block.type === 'tool_use' && (!isString(block.name) || (block.input !== undefined && !isObject(block.input)))) bad(`${at}.${j}: tool_use needs a string name and an object input`);
    if (block.type === 'tool_result' && block.content !== undefined && !isString(block.content)) checkAnthropicContent(block.content, `${at}.${j}.content`);
  });
}

/** Tools: an array of objects (OpenAI `function.name` / Anthropic `name` strings). */
export function checkTools(tools: unknown, format: 'openai' | 'anthropic'): void {
  if (tools === undefined || tools === null) return;
  if (!Array.isArray(tools)) bad('tools: must be an array');
  tools.forEach((tool, i) => {
    const named = format === 'openai' ? isObject(tool) && (tool.type !== 'function' || (isObject(tool.function) && isString(tool.function.name))) : isObject(tool) && isString(tool.name);
    if (!named) bad(`tools[${i}]: must be an object with a string name`);
  });
}
