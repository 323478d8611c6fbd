export * from './cache.module';
export * from './pubsub.service';
export * from './redis.token';
export * from './resp-client';
