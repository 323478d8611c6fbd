import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import Redis from 'ioredis';
import { PubSubService } from './pubsub.service';
import { REDIS, RedisClient } from './redis.token';

const logger = new Logger('Redis');

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): RedisClient => {
        if (!config.redis.url) return null;
        const redis = new Redis(config.redis.url, { keyPrefix: config.redis.keyPrefix, maxRetriesPerRequest: 3, enableAutoPipelining: true, commandTimeout: config.redis.commandTimeoutMs });
        // Commands fail on their own (and are handled there); the connection's state is said once per outage.
        let down = false;
        redis.on('error', (e: Error) => {
          if (!down) logger.warn(`Redis connection lost (reconnecting): ${e.message}`);
          down = true;
        });
        redis.on('ready', () => {
          if (down) logger.log('Redis connection restored');
          down = false;
        });
        return redis;
      },
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
