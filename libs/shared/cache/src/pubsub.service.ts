import { EventEmitter } from 'node:events';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { REDIS, RedisClient } from './redis.token';

type Handler = (message: string) => void;

const RESYNC = Symbol('resync');
const MAX_UNSENT = 10_000;

/**
 * Cross-replica notifications (key revoked, model changed...). Over Redis pub/sub
 * when Redis is configured, in process otherwise. The database stays the truth: a
 * notification is only a hint to drop cached copies, so losing one must cost no more than
 * a short delay. Hence: this replica hears its own notifications at once (even with Redis
 * down); notifications that could not be published are sent again when Redis answers; and
 * when the subscription comes back after a break, `onResync` handlers run so every replica
 * drops what it may have missed hearing.
 */
@Injectable()
export class PubSubService implements OnModuleDestroy {
  private readonly logger = new Logger('PubSub');
  private readonly local = new EventEmitter().setMaxListeners(100);
  private subscriber: Redis | null = null;
  private readonly unsent: Array<[string, string]> = [];
  private retrying: NodeJS.Timeout | null = null;

  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  /** Never throws: delivered here at once, to other replicas now or once Redis is back. */
  async publish(channel: string, message: string): Promise<void> {
    if (!this.redis) {
      this.local.emit(channel, message);
      return;
    }
    // Ours first: this replica must not serve a revoked key while Redis is away.
    this.local.emit(channel, message);
    try {
      await this.redis.publish(channel, message);
    } catch (e) {
      this.logger.warn(`could not publish on ${channel} (${(e as Error).message}); will retry`);
      if (this.unsent.length >= MAX_UNSENT) this.unsent.shift();
      this.unsent.push([channel, message]);
      this.retrySoon();
    }
  }

  async subscribe(channel: string, handler: Handler): Promise<void> {
    this.local.on(channel, handler);
    if (!this.redis) return;
    if (!this.subscriber) {
      const subscriber = this.redis.duplicate();
      this.subscriber = subscriber;
      let everReady = false;
      // Our own notifications come back through Redis too: handlers are idempotent (drop a cache entry).
      subscriber.on('message', (ch: string, msg: string) => this.local.emit(ch, msg));
      subscriber.on('error', () => undefined);
      subscriber.on('ready', () => {
        if (everReady) {
          this.logger.log('subscription restored; dropping cached copies that may have missed a change');
          this.local.emit(RESYNC);
        }
        everReady = true;
      });
    }
    await this.subscriber.subscribe(channel);
  }

  /** Run `handler` when notifications may have been missed (the subscription broke and is back). */
  onResync(handler: () => void): void {
    this.local.on(RESYNC, handler);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.retrying) clearTimeout(this.retrying);
    this.local.removeAllListeners();
    await this.subscriber?.quit().catch(() => undefined);
  }

  private retrySoon(): void {
    if (this.retrying) return;
    this.retrying = setTimeout(() => void this.flushUnsent(), 1_000);
    this.retrying.unref();
  }

  private async flushUnsent(): Promise<void> {
    this.retrying = null;
    while (this.unsent.length) {
      const [channel, message] = this.unsent[0];
      try {
        await this.redis!.publish(channel, message);
      } catch {
        return this.retrySoon();
      }
      this.unsent.shift();
    }
  }
}
