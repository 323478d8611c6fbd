import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import { JOB_QUEUES, QUEUES, type JobPayloads, type JobProcessor, type JobQueues } from '@gateway/queue';
import { deliveryJobId, LEASE_MS, retryDelayMs } from '../delivery-policy';
import type { WebhookDelivery } from '../entities/webhook-delivery.entity';
import type { Webhook } from '../entities/webhook.entity';
import { WebhookDeliveriesRepository } from '../webhook-deliveries.repository';
import { redact, WebhookSecrets } from '../webhook-secrets';
import { WebhookSender, type SendOutcome } from '../webhook-sender';
import { signatureHeader } from '../webhook-signature';

/**
 * One attempt of one delivery per job: POST, record the outcome on the row, and enqueue the next
 * attempt after its backoff. A failed POST is not a failed job (the row counts the attempts).
 */
@Injectable()
export class WebhookDeliveryProcessor implements JobProcessor<'webhook-delivery'> {
  readonly queue = QUEUES.webhookDelivery;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly secrets: WebhookSecrets,
    private readonly sender: WebhookSender,
    @Inject(JOB_QUEUES) private readonly queues: JobQueues,
  ) {}

  async process({ deliveryId, attempt }: JobPayloads['webhook-delivery']) {
    const claimed = await this.deliveries.claim(deliveryId, attempt, LEASE_MS);
    if (!claimed) return { skipped: true };
    const { delivery, webhook } = claimed;
    const outcome = webhook.disabledAt ? { ok: false, statusCode: null, error: 'the webhook is disabled' } : await this.post(delivery, webhook);
    const retryInMs = outcome.ok || webhook.disabledAt ? null : retryDelayMs(attempt, this.config.webhooks.retryBaseMs);
    const status = outcome.ok ? 'delivered' : retryInMs === null ? 'failed' : 'pending';
    await this.deliveries.record(deliveryId, { attempts: attempt, status, lastStatusCode: outcome.statusCode, lastError: outcome.error, retryInMs });
    if (retryInMs !== null) await this.queues.add(QUEUES.webhookDelivery, { deliveryId, attempt: attempt + 1 }, deliveryJobId(deliveryId, attempt + 1), retryInMs);
    return { status, attempt, statusCode: outcome.statusCode };
  }

  private async post(delivery: WebhookDelivery, webhook: Webhook): Promise<SendOutcome> {
    let secret: string;
    try {
      secret = this.secrets.open(webhook.secretEnc);
    } catch (e) {
      return { ok: false, statusCode: null, error: (e as Error).message };
    }
    const body = JSON.stringify(delivery.payload);
    const outcome = await this.sender.send(webhook.url, body, {
      'content-type': 'application/json',
      'user-agent': 'llm-gateway-webhooks',
      'x-gateway-delivery': delivery.id,
      'x-gateway-event': delivery.event,
      'x-gateway-signature': signatureHeader(secret, body),
    });
    return { ...outcome, error: outcome.error && redact(outcome.error, secret) };
  }
}
