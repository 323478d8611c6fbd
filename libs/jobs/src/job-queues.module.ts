import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import { JOB_QUEUES, type JobQueues } from '@gateway/queue';
import { BullJobQueues } from './bull-queues';
import { InProcessJobQueues } from './in-process-queues';
import { bullConnection, bullPrefix } from './redis-connection';

/**
 * The queues producers enqueue to, global so a feature can enqueue without importing the jobs lib
 * (whose module imports the features for their processors).
 */
@Global()
@Module({
  providers: [
    {
      provide: JOB_QUEUES,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): JobQueues =>
        config.redis.url && !config.worker.inProcess
          ? new BullJobQueues(bullConnection(config.redis.url), bullPrefix(config.redis.keyPrefix))
          : new InProcessJobQueues(),
    },
  ],
  exports: [JOB_QUEUES],
})
export class JobQueuesModule {}
