import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import Redis from 'ioredis';
import { PubSubService } from './pubsub.service';
import { REDIS, RedisClient } from './redis.token';

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): RedisClient =>
        config.redis.url ? new Redis(config.redis.url, { keyPrefix: config.redis.keyPrefix, maxRetriesPerRequest: 3, enableAutoPipelining: true, commandTimeout: config.redis.commandTimeoutMs }) : null,
    },
    PubSubService,
  ],
  exports: [PubSubService, REDIS],
})
export class CacheModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
