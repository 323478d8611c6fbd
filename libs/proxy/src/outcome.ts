import type { Usage } from '@gateway/providers';

/** How a gateway request ended: what is settled and logged, then what the caller is sent. */
export interface Outcome {
  status: number;
  usage: Usage;
  error: string | null;
  /** Whether the usage was counted by the gateway (the upstream reported none). */
  estimated?: boolean;
  /** The last write to the caller, made once the charge is durable (null: nothing to send). */
  deliver: (() => void) | null;
}

export const ZERO_USAGE: Usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
