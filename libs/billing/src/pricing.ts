/** Prices are micro-dollars per million tokens. A null cache price follows the input price (the 1-hour write: the cache-write price). */
export interface Price {
  inputPriceMicros: number;
  outputPriceMicros: number;
  cacheReadPriceMicros?: number | null;
  cacheWritePriceMicros?: number | null;
  cacheWrite1hPriceMicros?: number | null;
  /** Above this many input tokens the whole request is priced at the long-context prices. */
  longContextThresholdTokens?: number | null;
  longContextInputPriceMicros?: number | null;
  longContextOutputPriceMicros?: number | null;
}

/** One request's tokens by kind, normalised from the provider's own usage fields. */
export interface TokenUsage {
  /** Every input token, cache reads and writes included. */
  promptTokens: number;
  /** Every output token, reasoning included. */
  completionTokens: number;
  cacheReadTokens: number;
  /** Every cache write, the 1-hour ones included. */
  cacheWriteTokens: number;
  /** Of the cache writes, those kept an hour (Anthropic prices them higher). */
  cacheWrite1hTokens: number;
  reasoningTokens: number;
}

export const NO_TOKENS: TokenUsage = { promptTokens: 0, completionTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0 };

/** Prompt and completion only (the caller's or the gateway's count). */
export const plainTokens = (promptTokens: number, completionTokens: number): TokenUsage => ({ ...NO_TOKENS, promptTokens, completionTokens });

/** Per-MTok prices for one request, long context applied. */
interface Rates {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  cacheWrite1h: number;
}

/**
 * The prices this request pays. Above the long-context threshold the input and output prices
 * change, and cache prices scale with the input price (as Anthropic's and Google's do).
 */
function ratesFor(price: Price, promptTokens: number): Rates {
  let input = price.inputPriceMicros;
  let output = price.outputPriceMicros;
  let scale = 1;
  const threshold = price.longContextThresholdTokens;
  if (threshold != null && promptTokens > threshold) {
    if (price.longContextInputPriceMicros != null) {
      scale = input > 0 ? price.longContextInputPriceMicros / input : 1;
      input = price.longContextInputPriceMicros;
    }
    if (price.longContextOutputPriceMicros != null) output = price.longContextOutputPriceMicros;
  }
  const cacheRead = price.cacheReadPriceMicros != null ? price.cacheReadPriceMicros * scale : input;
  const cacheWrite = price.cacheWritePriceMicros != null ? price.cacheWritePriceMicros * scale : input;
  const cacheWrite1h = price.cacheWrite1hPriceMicros != null ? price.cacheWrite1hPriceMicros * scale : cacheWrite;
  return { input, output, cacheRead, cacheWrite, cacheWrite1h };
}

const clamp = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);

/**
 * Cost in integer micro-dollars: (prompt − cache reads − cache writes) × input + cache reads ×
 * cache-read + 5-minute writes × cache-write + 1-hour writes × 1-hour write + completion × output,
 * per million, rounded half up once for the whole request (never two roundings).
 */
export function costMicros(price: Price, usage: TokenUsage): number {
  const rates = ratesFor(price, usage.promptTokens);
  // Cached tokens are part of the prompt: counts that say otherwise are capped to it.
  const prompt = clamp(usage.promptTokens);
  const cacheRead = Math.min(clamp(usage.cacheReadTokens), prompt);
  const writes = Math.min(clamp(usage.cacheWriteTokens), prompt - cacheRead);
  const write1h = Math.min(clamp(usage.cacheWrite1hTokens), writes);
  const write5m = writes - write1h;
  const uncached = prompt - cacheRead - writes;
  const scaled =
    uncached * rates.input + cacheRead * rates.cacheRead + write5m * rates.cacheWrite + write1h * rates.cacheWrite1h + clamp(usage.completionTokens) * rates.output;
  return Math.floor((scaled + 500_000) / 1_000_000);
}

/** What prompt caching saved: the cache reads at the input price minus what they cost (never negative). */
export function cacheSavingsMicros(price: Price, usage: TokenUsage): number {
  const rates = ratesFor(price, usage.promptTokens);
  return Math.max(Math.round((clamp(usage.cacheReadTokens) * (rates.input - rates.cacheRead)) / 1_000_000), 0);
}

/** Completion tokens assumed for the hold when the caller sets no max_tokens. */
export const DEFAULT_COMPLETION_ESTIMATE = 1024;

/**
 * The hold placed before a request, an upper bound of its cost: every prompt token at the
 * dearest input-side price (input, cache write, long context) plus the most it may generate.
 */
export function estimateHoldMicros(price: Price, promptTokens: number, maxTokens: number | null | undefined): number {
  const base = ratesFor(price, 0);
  const long = ratesFor(price, Number.MAX_SAFE_INTEGER);
  const input = Math.max(base.input, base.cacheRead, base.cacheWrite, base.cacheWrite1h, long.input, long.cacheRead, long.cacheWrite, long.cacheWrite1h);
  const output = Math.max(base.output, long.output);
  return costMicros({ inputPriceMicros: input, outputPriceMicros: output }, plainTokens(promptTokens, maxTokens ?? DEFAULT_COMPLETION_ESTIMATE));
}
