/** Ollama `/api/chat` wire types (the subset we translate). */

export interface OllamaToolCall {
  id?: string;
  function: { name: string; arguments: Record<string, unknown>; index?: number };
}

export interface OllamaMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  images?: string[];
  tool_calls?: OllamaToolCall[];
  tool_name?: string;
  thinking?: string;
}

export interface OllamaChatRequest {
  model: string;
  messages: OllamaMessage[];
  stream: boolean;
  options?: OllamaOptions;
  tools?: Array<{ type: 'function'; function: { name: string; description?: string; parameters?: Record<string, unknown> } }>;
  format?: 'json' | Record<string, unknown>;
  /** A level for models that take one (gpt-oss), else on or off. */
  think?: boolean | 'low' | 'medium' | 'high';
}

export interface OllamaOptions {
  num_predict?: number;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop?: string[];
  seed?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
}

/** One non-stream answer, or one NDJSON line of a stream (the last has `done: true` and the counts). */
export interface OllamaChatResponse {
  model?: string;
  created_at?: string;
  message?: Partial<OllamaMessage>;
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  error?: string;
}
