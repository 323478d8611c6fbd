import type { WebhookDeliveryView, WebhookView } from '@gateway/contracts';
import type { WebhookDelivery } from './entities/webhook-delivery.entity';
import type { Webhook } from './entities/webhook.entity';

/** Never the secret: it is shown once, by create. */
export function toWebhookView(w: Webhook): WebhookView {
  return {
    id: w.id,
    url: w.url,
    events: w.events,
    userId: w.userId,
    teamId: w.teamId,
    createdAt: w.createdAt.toISOString(),
    disabledAt: w.disabledAt?.toISOString() ?? null,
  };
}

export function toDeliveryView(d: WebhookDelivery): WebhookDeliveryView {
  return {
    id: d.id,
    webhookId: d.webhookId,
    event: d.event,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    nextAttemptAt: d.status === 'pending' ? (d.nextAttemptAt?.toISOString() ?? null) : null,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    payload: d.payload,
  };
}
