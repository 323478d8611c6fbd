/** What a webhook may subscribe to; `webhook.test` is sent by `POST /webhooks/:id/test` only. */
export type WebhookEvent = 'budget.threshold' | 'balance.low';
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = ['budget.threshold', 'balance.low'];
export type WebhookEventType = WebhookEvent | 'webhook.test';

/** A team's webhook with `teamId`, else the caller's own. */
export interface CreateWebhookRequest {
  url: string;
  events: WebhookEvent[];
  teamId?: string;
}

export interface WebhookView {
  id: string;
  url: string;
  events: WebhookEvent[];
  /** Exactly one of the two: whose webhook it is. */
  userId: string | null;
  teamId: string | null;
  createdAt: string;
  disabledAt: string | null;
}

/** The answer to a create: the signing secret, shown this once. */
export interface CreatedWebhookView extends WebhookView {
  secret: string;
}

/** The JSON body POSTed to a webhook. `text` is one line for humans (a Slack incoming webhook shows it). */
export interface WebhookPayload {
  /** The delivery's id (also in `x-gateway-delivery`): the same on every retry. */
  id: string;
  type: WebhookEventType;
  createdAt: string;
  data: Record<string, unknown>;
  text: string;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveryView {
  id: string;
  webhookId: string;
  event: WebhookEventType;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  /** When the next attempt is due (null once delivered or failed). */
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  payload: WebhookPayload;
}

export interface WebhookTestResult {
  deliveryId: string;
}
