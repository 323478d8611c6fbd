import { isObject, type JsonObject } from '../common/json';
import { ProviderError } from '../provider-error';
import type { ChatRequest, ReasoningEffort, ToolChoice, ToolDefinition } from '../unified.types';
import { inputToMessages } from './input.transform';
import { ENCRYPTED_REASONING } from './reasoning.codec';
import { invalid, isPresent, optionalBoolean, optionalNumber, optionalString, requiredString } from './validate';

type ChatFormat = NonNullable<ChatRequest['response_format']>;

const EFFORTS: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];

/** Fields read below; any other field the caller sets is reported as ignored. */
const HANDLED = new Set([
  'background',
  'conversation',
  'include',
  'input',
  'instructions',
  'max_output_tokens',
  'metadata',
  'model',
  'parallel_tool_calls',
  'previous_response_id',
  'prompt',
  'reasoning',
  'store',
  'stream',
  'temperature',
  'text',
  'tool_choice',
  'tools',
  'top_p',
  'truncation',
  'user',
]);

/** Values that ask for nothing beyond the default, so ignoring them changes nothing. */
const DEFAULTS: Record<string, unknown[]> = { service_tier: ['auto', 'default'], top_logprobs: [0] };

const STATELESS_HINT = 'this provider cannot keep state; send the full conversation as input with store: false';

/**
 * Why a Responses body needs state stored upstream (only OpenAI keeps it), or null when it does not.
 * A short clause naming the field, for the caller to complete with its own advice.
 */
export function statefulReason(body: unknown): string | null {
  if (!isObject(body)) return null;
  if (isPresent(body.previous_response_id) && body.previous_response_id !== '') return 'previous_response_id refers to a stored response';
  if (isPresent(body.conversation)) return 'conversation refers to a stored conversation';
  if (body.store === true) return 'store: true asks to store the response';
  if (body.background === true) return 'background: true needs a stored response to poll';
  if (isPresent(body.prompt)) return 'prompt refers to a stored prompt template';
  const references = Array.isArray(body.input) && body.input.some((item) => isObject(item) && isItemReference(item));
  return references ? 'input holds an item_reference to stored items' : null;
}

function isItemReference(item: JsonObject): boolean {
  return item.type === 'item_reference' || (item.type == null && item.role === undefined && typeof item.id === 'string');
}

/** A Responses API body -> the unified chat request, and the caller fields it cannot honour. */
export function responsesRequestToUnified(body: unknown): { request: ChatRequest; ignored: string[] } {
  if (!isObject(body)) invalid('body', 'a JSON object is required');
  const model = requiredString(body.model, 'model');
  const stateful = statefulReason(body);
  if (stateful) throw new ProviderError('invalid_request', `${stateful}: ${STATELESS_HINT}`);
  const ignored = new Set<string>();

  const instructions = optionalString(body.instructions, 'instructions');
  if (!isPresent(body.input)) invalid('input', 'a string or a list of input items is required');
  const messages = inputToMessages(body.input, ignored);
  if (!messages.some((message) => message.role !== 'system' && message.role !== 'developer')) invalid('input', 'no message to answer');
  if (instructions) messages.unshift({ role: 'system', content: instructions });

  const request: ChatRequest = { model, messages };
  const stream = optionalBoolean(body.stream, 'stream');
  if (stream) Object.assign(request, { stream: true, stream_options: { include_usage: true } });
  const maxTokens = body.max_output_tokens;
  if (isPresent(maxTokens)) {
    if (!Number.isInteger(maxTokens) || (maxTokens as number) < 1) invalid('max_output_tokens', 'must be a positive integer');
    request.max_tokens = maxTokens as number;
  }
  const temperature = optionalNumber(body.temperature, 'temperature');
  if (temperature !== undefined) request.temperature = temperature;
  const topP = optionalNumber(body.top_p, 'top_p');
  if (topP !== undefined) request.top_p = topP;
  const user = optionalString(body.user, 'user');
  if (user) request.user = user;

  applyTools(body, request, ignored);
  applyReasoning(body.reasoning, request, ignored);
  applyText(body.text, request, ignored);
  if (isPresent(body.truncation) && body.truncation !== 'disabled') ignored.add('truncation');
  if (isObject(body.metadata) && Object.keys(body.metadata).length) ignored.add('metadata');
  if (Array.isArray(body.include) && body.include.some((value) => value !== ENCRYPTED_REASONING)) ignored.add('include');
  for (const [field, value] of Object.entries(body)) {
    if (!HANDLED.has(field) && isPresent(value) && !DEFAULTS[field]?.includes(value)) ignored.add(field);
  }
  return { request, ignored: [...ignored] };
}

function applyTools(body: JsonObject, request: ChatRequest, ignored: Set<string>): void {
  if (isPresent(body.tools) && !Array.isArray(body.tools)) invalid('tools', 'must be a list of tools');
  const tools = ((body.tools as unknown[] | undefined) ?? []).flatMap((tool, index) => functionTool(tool, `tools[${index}]`, ignored));
  const choice = toolChoice(body.tool_choice, ignored);
  const parallel = optionalBoolean(body.parallel_tool_calls, 'parallel_tool_calls');
  if (!tools.length) {
    // Chat APIs refuse a forced tool without tools; 'auto' and 'none' mean the same as no choice.
    if (choice !== undefined && choice !== 'auto' && choice !== 'none') ignored.add('tool_choice');
    return;
  }
  request.tools = tools;
  if (choice !== undefined) request.tool_choice = choice;
  if (parallel !== undefined) request.parallel_tool_calls = parallel;
}

function functionTool(tool: unknown, at: string, ignored: Set<string>): ToolDefinition[] {
  if (!isObject(tool) || typeof tool.type !== 'string') invalid(`${at}.type`, 'each tool needs a type');
  if (tool.type !== 'function') {
    ignored.add(`tools.${tool.type}`);
    return [];
  }
  if (isPresent(tool.parameters) && !isObject(tool.parameters)) invalid(`${at}.parameters`, 'must be a JSON schema object');
  const description = optionalString(tool.description, `${at}.description`);
  const strict = optionalBoolean(tool.strict, `${at}.strict`);
  const fn: ToolDefinition['function'] & { strict?: boolean } = {
    name: requiredString(tool.name, `${at}.name`),
    ...(description ? { description } : {}),
    ...(isObject(tool.parameters) ? { parameters: tool.parameters } : {}),
    ...(strict !== undefined ? { strict } : {}),
  };
  return [{ type: 'function', function: fn }];
}

function toolChoice(choice: unknown, ignored: Set<string>): ToolChoice | undefined {
  if (!isPresent(choice)) return undefined;
  if (typeof choice === 'string') {
    if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
    invalid('tool_choice', 'must be auto, none, required or a tool');
  }
  if (!isObject(choice) || typeof choice.type !== 'string') invalid('tool_choice', 'must be auto, none, required or a tool');
  if (choice.type === 'function') return { type: 'function', function: { name: requiredString(choice.name, 'tool_choice.name') } };
  ignored.add('tool_choice');
  return undefined;
}

function applyReasoning(reasoning: unknown, request: ChatRequest, ignored: Set<string>): void {
  if (!isPresent(reasoning)) return;
  if (!isObject(reasoning)) invalid('reasoning', 'must be an object');
  if (isPresent(reasoning.effort)) {
    if (!EFFORTS.includes(reasoning.effort as ReasoningEffort)) invalid('reasoning.effort', `must be one of ${EFFORTS.join(', ')}`);
    request.reasoning_effort = reasoning.effort as ReasoningEffort;
  }
  // We return the model's own reasoning text: that honours 'auto' and 'detailed', not 'concise'.
  const summary = reasoning.summary ?? reasoning.generate_summary;
  if (isPresent(summary) && summary !== 'auto' && summary !== 'detailed') ignored.add('reasoning.summary');
}

function applyText(text: unknown, request: ChatRequest, ignored: Set<string>): void {
  if (!isPresent(text)) return;
  if (!isObject(text)) invalid('text', 'must be an object');
  if (isPresent(text.verbosity)) ignored.add('text.verbosity');
  if (!isPresent(text.format)) return;
  const format = responseFormat(text.format);
  if (format) request.response_format = format;
}

function responseFormat(format: unknown): ChatFormat | undefined {
  if (!isObject(format)) invalid('text.format', 'must be an object');
  if (format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type !== 'json_schema') invalid('text.format.type', 'must be text, json_object or json_schema');
  if (!isObject(format.schema)) invalid('text.format.schema', 'a JSON schema object is required');
  const description = optionalString(format.description, 'text.format.description');
  const strict = optionalBoolean(format.strict, 'text.format.strict');
  const jsonSchema = {
    name: requiredString(format.name, 'text.format.name'),
    ...(description ? { description } : {}),
    schema: format.schema,
    ...(strict !== undefined ? { strict } : {}),
  };
  return { type: 'json_schema', json_schema: jsonSchema };
}
