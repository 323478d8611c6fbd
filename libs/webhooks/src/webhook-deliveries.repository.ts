import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { CLOCK_SKEW_MS } from './delivery-policy';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { Webhook } from './entities/webhook.entity';

/** After an attempt: its outcome, and when the next is due (`retryInMs`), if any. */
export interface AttemptRecord {
  attempts: number;
  status: WebhookDelivery['status'];
  lastStatusCode: number | null;
  lastError: string | null;
  retryInMs: number | null;
}

/** `now() + n ms` in the database's clock, which every process shares. */
const inMs = (ms: number) => () => `now() + make_interval(secs => ${Math.round(ms) / 1000})`;

@Injectable()
export class WebhookDeliveriesRepository {
  constructor(@InjectRepository(WebhookDelivery) private readonly repo: Repository<WebhookDelivery>) {}

  async insert(rows: Array<Pick<WebhookDelivery, 'id' | 'webhookId' | 'event' | 'payload'>>): Promise<void> {
    const values = rows.map((r) => ({ ...r, status: 'pending', attempts: 0, nextAttemptAt: () => 'now()' }));
    if (values.length) await this.repo.insert(values as QueryDeepPartialEntity<WebhookDelivery>[]);
  }

  list(webhookId: string, page: number, pageSize: number) {
    return this.repo.findAndCount({ where: { webhookId }, order: { createdAt: 'DESC', id: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize });
  }

  /**
   * Take attempt `attempt` of a pending delivery that is due: one statement, so of two jobs for the
   * same attempt only one gets it. The lease pushes next_attempt_at out while the attempt runs.
   */
  async claim(id: string, attempt: number, leaseMs: number): Promise<{ delivery: WebhookDelivery; webhook: Webhook } | null> {
    const result = await this.repo
      .createQueryBuilder()
      .update(WebhookDelivery)
      .set({ nextAttemptAt: inMs(leaseMs) })
      .where('id = :id AND status = :pending AND attempts = :made', { id, pending: 'pending', made: attempt - 1 })
      .andWhere(`next_attempt_at <= now() + make_interval(secs => ${CLOCK_SKEW_MS / 1000})`)
      .execute();
    if (!result.affected) return null;
    const delivery = await this.repo.findOne({ where: { id }, relations: { webhook: true } });
    return delivery?.webhook ? { delivery, webhook: delivery.webhook } : null;
  }

  async record(id: string, r: AttemptRecord): Promise<void> {
    const fields: QueryDeepPartialEntity<WebhookDelivery> = { attempts: r.attempts, status: r.status, lastStatusCode: r.lastStatusCode, lastError: r.lastError };
    fields.nextAttemptAt = r.retryInMs === null ? null : inMs(r.retryInMs);
    if (r.status === 'delivered') fields.deliveredAt = () => 'now()';
    await this.repo.update({ id }, fields);
  }

  /** Pending deliveries overdue by more than `graceMs`: their jobs were lost. */
  overdue(graceMs: number, limit = 500): Promise<Array<Pick<WebhookDelivery, 'id' | 'attempts'>>> {
    return this.repo
      .createQueryBuilder('d')
      .select(['d.id', 'd.attempts'])
      .where('d.status = :pending', { pending: 'pending' })
      .andWhere(`d.next_attempt_at <= now() - make_interval(secs => ${graceMs / 1000})`)
      .orderBy('d.next_attempt_at')
      .limit(limit)
      .getMany();
  }
}
