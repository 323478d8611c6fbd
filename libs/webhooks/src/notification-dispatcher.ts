import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import { JOB_QUEUES, QUEUES, type JobQueues } from '@gateway/queue';
import { DataSource } from 'typeorm';
import { deliveryJobId } from './delivery-policy';

/** How often undispatched notifications are looked for (an indexed empty read when there are none). */
const DISPATCH_MS = 1_000;

/**
 * Notifications not yet handed to webhooks become one delivery per subscribed, enabled webhook of
 * their account, and are marked dispatched, in one statement: each event is delivered once, also
 * with several dispatchers running (SKIP LOCKED) or a crash in between.
 */
const DISPATCH_SQL = `
WITH picked AS (
  SELECT id, type, user_id, team_id, data, text, created_at FROM notifications
  WHERE dispatched_at IS NULL ORDER BY created_at LIMIT 200 FOR UPDATE SKIP LOCKED
),
marked AS (
  UPDATE notifications n SET dispatched_at = now() FROM picked p WHERE n.id = p.id RETURNING n.id
),
deliveries AS (
  INSERT INTO webhook_deliveries (id, webhook_id, event, payload, status, attempts, next_attempt_at)
  SELECT d.id, w.id, p.type,
    jsonb_build_object('id', d.id, 'type', p.type, 'createdAt', to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'data', p.data || jsonb_build_object('notificationId', p.id), 'text', p.text),
    'pending', 0, now()
  FROM picked p
  JOIN webhooks w ON w.disabled_at IS NULL AND p.type = ANY(w.events) AND (w.user_id = p.user_id OR w.team_id = p.team_id)
  CROSS JOIN LATERAL (SELECT gen_random_uuid() AS id) d
  RETURNING id
)
SELECT (SELECT count(*) FROM marked)::int AS dispatched, (SELECT COALESCE(json_agg(id), '[]'::json) FROM deliveries) AS deliveries
`;

/** Hands budget and balance events to webhooks, in the process that writes usage (where they are raised). */
@Injectable()
export class NotificationDispatcher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private timer?: NodeJS.Timeout;
  private running: Promise<number> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(JOB_QUEUES) private readonly queues: JobQueues,
  ) {}

  onModuleInit(): void {
    if (this.config.usage.writer !== this.config.role) return;
    this.timer = setInterval(() => void this.dispatch().catch((e) => this.logger.warn(`dispatch failed, will retry: ${(e as Error).message}`)), DISPATCH_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Dispatch what waits now; resolves with how many notifications were handed on. */
  dispatch(): Promise<number> {
    this.running ??= this.dispatchAll().finally(() => (this.running = null));
    return this.running;
  }

  private async dispatchAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const [{ dispatched, deliveries }] = (await this.db.query(DISPATCH_SQL)) as Array<{ dispatched: number; deliveries: string[] }>;
      // The rows are the record: a job not enqueued now is enqueued by the webhook sweep.
      for (const id of deliveries) {
        await this.queues.add(QUEUES.webhookDelivery, { deliveryId: id, attempt: 1 }, deliveryJobId(id, 1)).catch((e) => this.logger.warn(`delivery ${id} not enqueued (the sweep will): ${(e as Error).message}`));
      }
      total += dispatched;
      if (dispatched < 200) return total;
    }
  }
}
