import { Module } from '@nestjs/common';
import { RespClient } from '@gateway/cache';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import { RedisUsageOutbox } from './outbox/redis-outbox';
import { USAGE_OUTBOX } from './outbox/usage-outbox';
import { UsageWriter } from './usage-writer.service';

/** The worker's part of billing: the usage writer on the Redis outbox, without a gate (USAGE_WRITER=worker). */
@Module({
  providers: [
    {
      provide: USAGE_OUTBOX,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new RedisUsageOutbox(new RespClient(config.redis.url!, config.redis.commandTimeoutMs), config.redis.keyPrefix),
    },
    UsageWriter,
  ],
  exports: [UsageWriter],
})
export class UsageWriterModule {}
