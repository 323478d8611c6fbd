import { EventEmitter } from 'node:events';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { REDIS, RedisClient } from './redis.token';

type Handler = (message: string) => void;

/**
 * Cross-replica notifications (key revoked, model changed...). Over Redis pub/sub
 * when Redis is configured, in process otherwise.
 */
@Injectable()
export class PubSubService implements OnModuleDestroy {
  private readonly local = new EventEmitter().setMaxListeners(100);
  private subscriber: Redis | null = null;

  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  async publish(channel: string, message: string): Promise<void> {
    if (this.redis) await this.redis.publish(channel, message);
    else this.local.emit(channel, message);
  }

  async subscribe(channel: string, handler: Handler): Promise<void> {
    this.local.on(channel, handler);
    if (!this.redis) return;
    if (!this.subscriber) {
      this.subscriber = this.redis.duplicate();
      this.subscriber.on('message', (ch: string, msg: string) => this.local.emit(ch, msg));
    }
    await this.subscriber.subscribe(channel);
  }

  async onModuleDestroy(): Promise<void> {
    this.local.removeAllListeners();
    await this.subscriber?.quit().catch(() => undefined);
  }
}
