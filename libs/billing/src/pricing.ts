/** Prices are micro-dollars per million tokens. */
export interface Price {
  inputPriceMicros: number;
  outputPriceMicros: number;
}

/**
 * Cost in integer micro-dollars: tokens × price / 1e6, rounded half up once for the
 * whole request (not per direction), so a request is never charged two roundings.
 */
export function costMicros(price: Price, promptTokens: number, completionTokens: number): number {
  const scaled = promptTokens * price.inputPriceMicros + completionTokens * price.outputPriceMicros;
  return Math.floor((scaled + 500_000) / 1_000_000);
}

/** Completion tokens assumed for the hold when the caller sets no max_tokens. */
export const DEFAULT_COMPLETION_ESTIMATE = 1024;

/** The hold placed before a request: its prompt plus the most it may generate. */
export function estimateHoldMicros(price: Price, promptTokens: number, maxTokens: number | null | undefined): number {
  return costMicros(price, promptTokens, maxTokens ?? DEFAULT_COMPLETION_ESTIMATE);
}
