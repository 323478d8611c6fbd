import { Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AuditModule, AuditPruneProcessor } from '@gateway/audit';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import { GatewayMetrics, MetricsRoute } from '@gateway/metrics';
import { ProvidersModule } from '@gateway/providers';
import { ALL_QUEUES } from '@gateway/queue';
import { UsageModule } from '@gateway/usage';
import { WebhookDeliveryProcessor, WebhookSweepProcessor, WebhooksModule } from '@gateway/webhooks';
import { InProcessJobQueues } from './in-process-queues';
import { checkProcessors, JOB_PROCESSORS, type JobProcessor } from './job-processor';
import { JobQueuesModule } from './job-queues.module';
import { JOB_QUEUES, type JobQueues } from './job-queues';
import { jobSchedules } from './job-schedules';
import { JobsController } from './jobs.controller';
import { ProviderHealthProcessor } from './processors/provider-health.processor';
import { UsageAggregateProcessor } from './processors/usage-aggregate.processor';

/**
 * The API side of background jobs: the admin endpoints and, with no Redis (or
 * WORKER_IN_PROCESS=true), the processors and schedules themselves.
 */
@Module({
  imports: [AuditModule, JobQueuesModule, ProvidersModule, UsageModule, WebhooksModule],
  controllers: [JobsController],
  providers: [
    ProviderHealthProcessor,
    UsageAggregateProcessor,
    {
      provide: JOB_PROCESSORS,
      inject: [AuditPruneProcessor, ProviderHealthProcessor, UsageAggregateProcessor, WebhookDeliveryProcessor, WebhookSweepProcessor],
      useFactory: (...processors: JobProcessor[]) => processors,
    },
  ],
  exports: [AuditModule, JOB_PROCESSORS, JobQueuesModule, ProviderHealthProcessor, UsageAggregateProcessor, WebhooksModule],
})
export class JobsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUES) private readonly queues: JobQueues,
    @Inject(JOB_PROCESSORS) private readonly processors: JobProcessor[],
    private readonly metrics: GatewayMetrics,
    private readonly route: MetricsRoute,
  ) {
    if (queues instanceof InProcessJobQueues) queues.register(processors);
  }

  async onApplicationBootstrap(): Promise<void> {
    checkProcessors(this.processors, ALL_QUEUES);
    this.route.addCollector(async () => {
      for (const { queue, counts } of await this.queues.counts()) for (const [state, n] of Object.entries(counts)) this.metrics.queueJobs.labels(queue, state).set(n);
    });
    if (this.queues instanceof InProcessJobQueues) for (const s of jobSchedules(this.config)) await this.queues.schedule(s);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queues.close();
  }
}
