import { Inject, Injectable, Logger } from '@nestjs/common';
import { JOB_QUEUES, QUEUES, type JobProcessor, type JobQueues } from '@gateway/queue';
import { SWEEP_GRACE_MS } from '../delivery-policy';
import { WebhookDeliveriesRepository } from '../webhook-deliveries.repository';
import { WebhookSecrets } from '../webhook-secrets';
import { WebhooksRepository } from '../webhooks.repository';

/**
 * Pending deliveries long overdue lost their job (a restart of the in-process queue, a flushed
 * Redis, a crash mid-attempt once its lease ran out): enqueue their next attempt again. A job
 * that was not lost after all finds the attempt claimed and skips it. Also re-seals secrets still
 * under a rotated-out ENCRYPTION_KEY.
 */
@Injectable()
export class WebhookSweepProcessor implements JobProcessor<'webhook-sweep'> {
  readonly queue = QUEUES.webhookSweep;
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly webhooks: WebhooksRepository,
    private readonly secrets: WebhookSecrets,
    @Inject(JOB_QUEUES) private readonly queues: JobQueues,
  ) {}

  async process() {
    const overdue = await this.deliveries.overdue(SWEEP_GRACE_MS);
    const stamp = Date.now();
    for (const d of overdue) await this.queues.add(QUEUES.webhookDelivery, { deliveryId: d.id, attempt: d.attempts + 1 }, `webhook-${d.id}-${d.attempts + 1}-swept-${stamp}`);
    return { requeued: overdue.length, resealed: await this.reseal() };
  }

  private async reseal(): Promise<number> {
    let done = 0;
    for (const w of await this.webhooks.sealedWithOtherKeys(this.secrets.currentPrefix)) {
      try {
        await this.webhooks.updateSecret(w.id, this.secrets.reseal(w.secretEnc));
        done++;
      } catch (e) {
        this.logger.error(`webhook ${w.id}: ${(e as Error).message}`);
      }
    }
    return done;
  }
}
