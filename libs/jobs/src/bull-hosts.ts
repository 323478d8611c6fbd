import { Processor, WorkerHost } from '@nestjs/bullmq';
import { AuditPruneProcessor } from '@gateway/audit';
import { QUEUES } from '@gateway/queue';
import { Job, UnrecoverableError } from 'bullmq';
import { inSpan } from '@gateway/telemetry';
import { WebhookDeliveryProcessor, WebhookSweepProcessor } from '@gateway/webhooks';
import { jobAttributes, type JobProcessor } from './job-processor';
import { ProviderHealthProcessor } from './processors/provider-health.processor';
import { UsageAggregateProcessor } from './processors/usage-aggregate.processor';

/** Run a processor for BullMQ; permanent errors fail the job at once instead of being retried. */
async function run(processor: JobProcessor, job: Job) {
  try {
    return await inSpan(`job ${job.queueName}`, jobAttributes(job.queueName, job.id, job.attemptsMade + 1), () => processor.process(job.data));
  } catch (e) {
    if ((e as { permanent?: boolean }).permanent) throw new UnrecoverableError((e as Error).message);
    throw e;
  }
}

@Processor(QUEUES.auditPrune)
export class AuditPruneWorker extends WorkerHost {
  constructor(private readonly processor: AuditPruneProcessor) {
    super();
  }
  process(job: Job) {
    return run(this.processor, job);
  }
}

@Processor(QUEUES.usageAggregate)
export class UsageAggregateWorker extends WorkerHost {
  constructor(private readonly processor: UsageAggregateProcessor) {
    super();
  }
  process(job: Job) {
    return run(this.processor, job);
  }
}

@Processor(QUEUES.providerHealth)
export class ProviderHealthWorker extends WorkerHost {
  constructor(private readonly processor: ProviderHealthProcessor) {
    super();
  }
  process(job: Job) {
    return run(this.processor, job);
  }
}

/** Deliveries wait on slow receivers (up to 10 s each): several at once. */
@Processor(QUEUES.webhookDelivery, { concurrency: 16 })
export class WebhookDeliveryWorker extends WorkerHost {
  constructor(private readonly processor: WebhookDeliveryProcessor) {
    super();
  }
  process(job: Job) {
    return run(this.processor, job);
  }
}

@Processor(QUEUES.webhookSweep)
export class WebhookSweepWorker extends WorkerHost {
  constructor(private readonly processor: WebhookSweepProcessor) {
    super();
  }
  process(job: Job) {
    return run(this.processor, job);
  }
}

/** Registered only by the worker app. */
export const BULL_WORKERS = [AuditPruneWorker, ProviderHealthWorker, UsageAggregateWorker, WebhookDeliveryWorker, WebhookSweepWorker];
