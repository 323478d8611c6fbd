/** The parts of the OpenAI Responses API wire format the codec writes. */

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

export interface OutputTextPart {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs: unknown[];
}

export interface SummaryTextPart {
  type: 'summary_text';
  text: string;
}

export interface ReasoningItem {
  id: string;
  type: 'reasoning';
  summary: SummaryTextPart[];
  encrypted_content?: string;
}

export interface MessageItem {
  id: string;
  type: 'message';
  status: ItemStatus;
  role: 'assistant';
  content: OutputTextPart[];
}

export interface FunctionCallItem {
  id: string;
  type: 'function_call';
  status: ItemStatus;
  arguments: string;
  call_id: string;
  name: string;
}

export type OutputItem = ReasoningItem | MessageItem | FunctionCallItem;

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** A Response object; the request parameters it echoes are the caller's own values. */
export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  model: string;
  output: OutputItem[];
  usage: ResponsesUsage | null;
  [echoed: string]: unknown;
}

/** Who the answer is for: the public model name and the caller's original Responses body. */
export interface ResponseContext {
  model: string;
  request: Record<string, unknown>;
  id?: string;
  createdAt?: number;
}
