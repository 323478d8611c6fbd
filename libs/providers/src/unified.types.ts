/**
 * Our internal request / response / stream-chunk types. They follow OpenAI's
 * chat-completions wire shape, so an OpenAI-format client talking to an
 * OpenAI-shaped upstream needs no translation at all.
 */

export type ChatRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } }
  /** A document (PDF…): `file_data` is a data URL, or an https URL from an Anthropic URL document (only targets that fetch URLs take it). */
  | { type: 'file'; file: { file_data?: string; file_id?: string; filename?: string } };

/**
 * Extended-thinking output kept whole so it can be replayed (Anthropic refuses tool-use turns
 * whose thinking lost its signature). Same shape as LiteLLM's `thinking_blocks`.
 */
export type ThinkingBlock = { type: 'thinking'; thinking: string; signature?: string } | { type: 'redacted_thinking'; data: string };

/** OpenAI's reasoning effort levels (`none`: no thinking). */
export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatMessage {
  role: ChatRole;
  content: string | ContentPart[] | null;
  name?: string;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
  /** Thinking text of an earlier assistant turn (DeepSeek / LiteLLM convention). */
  reasoning_content?: string | null;
  thinking_blocks?: ThinkingBlock[];
}

export interface ToolDefinition {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export type ToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  stop?: string | string[] | null;
  tools?: ToolDefinition[];
  tool_choice?: ToolChoice;
  user?: string;
  parallel_tool_calls?: boolean;
  reasoning_effort?: ReasoningEffort | null;
  response_format?: { type: 'text' } | { type: 'json_object' } | { type: 'json_schema'; json_schema: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean | null } };
  /** Extension (not OpenAI): an exact thinking budget in tokens, when the caller gave one (Anthropic `thinking.budget_tokens`). */
  thinking_budget?: number;
  /** Extension (not OpenAI): top-k sampling, from Anthropic callers (Gemini and Ollama honour it). */
  top_k?: number;
  /** Other OpenAI fields pass through untouched to OpenAI-shaped upstreams. */
  [field: string]: unknown;
}

/**
 * Usage in OpenAI's shape, normalised once per provider type: `prompt_tokens` counts every input
 * token (cache reads and writes included), `completion_tokens` every output token (reasoning included).
 */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /**
   * `cache_creation_tokens` (Anthropic's cache writes; OpenAI reports none) and, of those,
   * `cache_creation_1h_tokens` (the one-hour writes, priced higher) are extensions.
   */
  prompt_tokens_details?: { cached_tokens?: number; cache_creation_tokens?: number; cache_creation_1h_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | null;

export interface ChatResponse {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: { role: 'assistant'; content: string | null; tool_calls?: ToolCall[]; reasoning_content?: string | null; thinking_blocks?: ThinkingBlock[] };
    finish_reason: FinishReason;
  }>;
  usage?: Usage;
}

export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface ChatChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    /** `thinking_blocks` in a delta carries a finished block's signature (or a redacted block); its text came as `reasoning_content`. */
    delta: { role?: 'assistant'; content?: string | null; tool_calls?: ToolCallDelta[]; reasoning_content?: string | null; thinking_blocks?: ThinkingBlock[] };
    finish_reason: FinishReason;
  }>;
  /** Set on the final chunk when usage is known (OpenAI's include_usage chunk has empty choices). */
  usage?: Usage | null;
}

export interface EmbeddingsRequest {
  model: string;
  input: string | string[];
  encoding_format?: 'float' | 'base64';
  dimensions?: number;
  user?: string;
}

export interface EmbeddingsResponse {
  object: 'list';
  data: Array<{ object: 'embedding'; index: number; embedding: number[] }>;
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}
