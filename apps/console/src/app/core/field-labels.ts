/** How the API's field names read to a person, where splitting the camel case is not enough. */
const LABELS: Record<string, string> = {
  alertThresholds: 'Alert thresholds',
  amountUsd: 'Amount (USD)',
  apiKey: 'API key',
  baseUrl: 'Base URL',
  budgetUsd: 'Budget (USD)',
  cacheReadPriceUsdPerMTok: 'Cache read price ($/MTok)',
  cacheWrite1hPriceUsdPerMTok: '1-hour cache write price ($/MTok)',
  cacheWritePriceUsdPerMTok: 'Cache write price ($/MTok)',
  expiresAt: 'Expiry date',
  inputPriceUsdPerMTok: 'Input price ($/MTok)',
  longContextInputPriceUsdPerMTok: 'Long-context input price ($/MTok)',
  longContextOutputPriceUsdPerMTok: 'Long-context output price ($/MTok)',
  longContextThresholdTokens: 'Long-context threshold (tokens)',
  lowBalanceUsd: 'Low-balance alert (USD)',
  outputPriceUsdPerMTok: 'Output price ($/MTok)',
  providerId: 'Provider',
  rpm: 'Requests / minute',
  teamId: 'Team',
  timeoutMs: 'Timeout (ms)',
  tpm: 'Tokens / minute',
  upstreamModel: 'Upstream model',
  url: 'URL',
};

const WORDS: Record<string, string> = { usd: '(USD)', url: 'URL', id: 'ID', ms: '(ms)', api: 'API', m: 'M', tok: 'tokens' };

/** `lowBalanceUsd` → `Low-balance alert (USD)`; unknown names are split: `maxRetries` → `Max retries`. */
export function fieldLabel(name: string): string {
  if (LABELS[name]) return LABELS[name];
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_]+/)
    .filter(Boolean)
    .map((w) => WORDS[w.toLowerCase()] ?? w.toLowerCase());
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `targets.0.weight` → `Weight (target 1)`: the last name, and which item of a list it belongs to. */
export function fieldPathLabel(path: string): string {
  const parts = path.split('.');
  const name = [...parts].reverse().find((p) => !/^\d+$/.test(p)) ?? path;
  const index = parts.findIndex((p) => /^\d+$/.test(p));
  if (index <= 0) return fieldLabel(name);
  const list = fieldLabel(parts[index - 1]).toLowerCase().replace(/s$/, '');
  return `${fieldLabel(name)} (${list} ${Number(parts[index]) + 1})`;
}

const VALIDATION = /^([a-z][\w]*(?:\.[\w]+)*) (must|should|may|has|have|is|are|cannot|does|do) /;

/** A validation message with its field named for people: `baseUrl must be a URL` → `Base URL must be a URL`. */
export function humanizeMessage(message: string): string {
  const match = VALIDATION.exec(message);
  return match ? `${fieldPathLabel(match[1])}${message.slice(match[1].length)}` : message;
}
