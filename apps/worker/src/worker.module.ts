import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CacheModule } from '@gateway/cache';
import { APP_CONFIG, AppConfig, ConfigModule } from '@gateway/config';
import { dataSourceOptions } from '@gateway/database';
import { UsageWriterModule } from '@gateway/billing';
import { BULL_WORKERS, bullConnection, bullPrefix, JOB_QUEUES, jobSchedules, JobsModule, type JobQueues } from '@gateway/jobs';
import { MetricsModule } from '@gateway/metrics';
import { ALL_QUEUES } from '@gateway/queue';
import { ENTITIES } from '@gateway/entities';

/** The worker: the same libs as the API, running the BullMQ processors and owning the schedules. */
@Module({})
export class WorkerModule implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUES) private readonly queues: JobQueues,
  ) {}

  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    const redisUrl = config.redis.url!;
    return {
      module: WorkerModule,
      imports: [
        BullModule.forRoot({ connection: bullConnection(redisUrl), prefix: bullPrefix(config.redis.keyPrefix) }),
        BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
        CacheModule,
        ConfigModule.forRoot(config),
        JobsModule,
        MetricsModule,
        UsageWriterModule,
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, ENTITIES, false)),
      ],
      providers: [...BULL_WORKERS],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const schedule of jobSchedules(this.config)) await this.queues.schedule(schedule);
  }
}
