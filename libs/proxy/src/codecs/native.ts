import type { IncomingHttpHeaders } from 'node:http';
import { usageFromResponses, type WireFormat } from '@gateway/providers';
import { withModel } from '../json-text';
import type { AttemptPlan, AttemptTarget, StreamTranslator } from './codec';
import { parseUpstreamJson, responseText } from './translated';

/** The caller's headers a provider of the same format understands. */
const FORWARDED = ['anthropic-beta', 'anthropic-version', 'openai-beta'] as const;

export function forwardedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED) {
    const value = headers[name];
    if (typeof value === 'string' && value && !/[\r\n]/.test(value)) out[name] = value;
  }
  return out;
}

/** The caller's body with only the model replaced (re-serialised only if the text edit cannot apply). */
export function bodyWithModel(text: string, body: Record<string, unknown>, model: string): string {
  return withModel(text, model) ?? JSON.stringify({ ...body, model });
}

/**
 * The main road: the caller's JSON goes upstream as it came but for `model` (and whatever the
 * codec must add, already in `upstreamBody`); the answer comes back as it came but for `model`.
 */
export function nativePlan(format: WireFormat, upstreamBody: string, target: AttemptTarget, publicModel: string, stream: () => StreamTranslator): AttemptPlan {
  const { adapter, config } = target.provider;
  const request = adapter.nativeRequest!(config, format, upstreamBody, forwardedHeaders(target.headers));
  return {
    request,
    answer: (text) => {
      const parsed = parseUpstreamJson(text);
      const body = withModel(text, publicModel) ?? JSON.stringify({ ...(parsed as object), model: publicModel });
      if (format === 'openai-responses') {
        const usage = usageFromResponses((parsed as { usage?: unknown })?.usage);
        return { body: () => body, usage, completionText: () => responsesText(parsed) };
      }
      // The adapter's own reading of its format gives the usage, normalised.
      const response = adapter.parseChatResponse(parsed, target.upstreamModel);
      return { body: () => body, usage: response.usage, completionText: () => responseText(response) };
    },
    stream,
    mapError: (status, body) => adapter.mapError(status, body),
  };
}

function responsesText(parsed: unknown): string {
  const output = (parsed as { output?: Array<{ content?: Array<{ text?: string }>; arguments?: string; name?: string }> })?.output ?? [];
  return output.map((item) => (item.content ?? []).map((part) => part.text ?? '').join('') + (item.name ?? '') + (item.arguments ?? '')).join('');
}
