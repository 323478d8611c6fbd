import { isObject, tryParseJson, type JsonObject } from '../common/json';
import type { UpstreamRequest } from '../provider-adapter.interface';
import type { ChatRequest } from '../unified.types';
import { completionBody, completionFrames } from './mock-chat';
import { embeddingsBody, MAX_DIMENSIONS } from './mock-embeddings';
import { MOCK_MODELS, replyFor } from './mock-reply';

/** An HTTP answer of the fake server: its status and its body in the pieces it is sent in. */
export interface MockAnswer {
  statusCode: number;
  parts: string[];
  retryAfter?: string;
}

/** Fixed, so that model lists are deterministic. */
const MODELS_CREATED = 1_700_000_000;

function json(statusCode: number, body: string): MockAnswer {
  return { statusCode, parts: [body] };
}

/** OpenAI's error body: `{error:{message,type,param,code}}`. */
function failure(statusCode: number, message: string, type: string, code: string | null = null, param: string | null = null): MockAnswer {
  return json(statusCode, JSON.stringify({ error: { message, type, param, code } }));
}

function invalid(message: string, code: string | null = null, param: string | null = null): MockAnswer {
  return failure(400, message, 'invalid_request_error', code, param);
}

/** The failure a `mock-error-*` model answers with, if it is one. */
function modelFailure(model: string): MockAnswer | undefined {
  if (model === 'mock-error-500') return failure(500, 'Mock upstream failed with status 500', 'server_error');
  if (model === 'mock-error-429') return { ...failure(429, 'Mock upstream rate limit reached (429)', 'requests', 'rate_limit_exceeded'), retryAfter: '1' };
  return undefined;
}

/** The request's JSON object with a model, or the 400 a server answers instead. */
function parseBody(req: UpstreamRequest): { body: JsonObject; model: string } | { error: MockAnswer } {
  const body = req.body === undefined ? undefined : tryParseJson(req.body);
  if (!isObject(body)) return { error: invalid('We could not parse the JSON body of your request. It must be a JSON object.') };
  if (typeof body.model !== 'string' || !body.model) return { error: invalid('You must provide a model parameter.', null, 'model') };
  return { body, model: body.model };
}

function chat(req: UpstreamRequest): MockAnswer {
  const parsed = parseBody(req);
  if ('error' in parsed) return parsed.error;
  const { body, model } = parsed;
  const messages = body.messages;
  if (messages === undefined) return invalid("Missing required parameter: 'messages'.", 'missing_required_parameter', 'messages');
  if (!Array.isArray(messages) || !messages.length || !messages.every(isObject)) {
    return invalid("Invalid 'messages': expected a non-empty array of message objects.", 'invalid_value', 'messages');
  }
  const failed = modelFailure(model);
  if (failed) return failed;
  const reply = replyFor(body as ChatRequest, model);
  if (body.stream !== true) return json(200, completionBody(reply, model));
  const includeUsage = isObject(body.stream_options) && body.stream_options.include_usage === true;
  return { statusCode: 200, parts: completionFrames(reply, model, includeUsage) };
}

function embeddings(req: UpstreamRequest): MockAnswer {
  const parsed = parseBody(req);
  if ('error' in parsed) return parsed.error;
  const { body, model } = parsed;
  const inputs = typeof body.input === 'string' ? [body.input] : body.input;
  if (!Array.isArray(inputs) || !inputs.length || !inputs.every((input) => typeof input === 'string' && input)) {
    return invalid("'$.input' is invalid: expected a non-empty string or array of non-empty strings.", null, 'input');
  }
  const failed = modelFailure(model);
  if (failed) return failed;
  if (body.dimensions != null && !(Number.isInteger(body.dimensions) && (body.dimensions as number) > 0 && (body.dimensions as number) <= MAX_DIMENSIONS)) {
    return invalid(`'$.dimensions' is invalid: expected an integer from 1 to ${MAX_DIMENSIONS}.`, null, 'dimensions');
  }
  const dimensions = (body.dimensions as number | null | undefined) ?? undefined;
  return json(200, embeddingsBody(inputs as string[], model, dimensions, body.encoding_format === 'base64'));
}

function models(): MockAnswer {
  const data = MOCK_MODELS.map((id) => ({ id, object: 'model', created: MODELS_CREATED, owned_by: 'mock' }));
  return json(200, JSON.stringify({ object: 'list', data }));
}

/** Route one request the way an OpenAI-compatible server would (any base path before the endpoint). */
export function answerFor(req: UpstreamRequest): MockAnswer {
  try {
    const path = new URL(req.url).pathname.replace(/\/+$/, '');
    if (req.method === 'POST' && path.endsWith('/chat/completions')) return chat(req);
    if (req.method === 'POST' && path.endsWith('/embeddings')) return embeddings(req);
    if (req.method === 'GET' && path.endsWith('/models')) return models();
    return failure(404, `Unknown request URL: ${req.method} ${path}.`, 'invalid_request_error', 'unknown_url');
  } catch {
    // A malformed but parseable request (odd content parts…) must not throw out of the transport.
    return failure(500, 'The server had an error while processing your request.', 'server_error');
  }
}
