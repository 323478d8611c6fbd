import type { WebhookEventType } from '@gateway/contracts';

const PHRASES: Partial<Record<WebhookEventType, (data: Record<string, unknown>) => string>> = {
  'webhook.test': () => 'Test event from the LLM gateway: this webhook is set up.',
};

/** One line for humans (what a Slack incoming webhook shows): the caller's, the event's phrase, or its fields. */
export function eventText(type: WebhookEventType, data: Record<string, unknown>, text?: string): string {
  const line = text ?? PHRASES[type]?.(data) ?? `LLM gateway: ${type}${details(data)}`;
  return line.replace(/\s+/g, ' ').trim().slice(0, 500);
}

function details(data: Record<string, unknown>): string {
  const fields = Object.entries(data).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v));
  return fields.length ? ` (${fields.map(([k, v]) => `${k}: ${v}`).join(', ')})` : '';
}
