import type { WebhookDeliveryStatus, WebhookEventType, WebhookPayload } from '@gateway/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Webhook } from './webhook.entity';

/** One event for one webhook: the record of its attempts, and what a lost job is re-enqueued from. */
@Entity('webhook_deliveries')
@Index('ix_webhook_deliveries_webhook', ['webhookId', 'createdAt'])
@Index('ix_webhook_deliveries_due', ['nextAttemptAt'], { where: `"status" = 'pending'` })
@Check('ck_webhook_deliveries_status', `"status" IN ('pending', 'delivered', 'failed')`)
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'webhook_id', type: 'uuid' }) webhookId: string;
  @Column({ type: 'text' }) event: WebhookEventType;
  /** The body sent, as sent on every attempt. */
  @Column({ type: 'jsonb' }) payload: WebhookPayload;
  @Column({ type: 'text', default: 'pending' }) status: WebhookDeliveryStatus;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ name: 'last_status_code', type: 'integer', nullable: true }) lastStatusCode: number | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true }) nextAttemptAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
  @ManyToOne(() => Webhook, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'webhook_id', foreignKeyConstraintName: 'fk_webhook_deliveries_webhook' }) webhook?: Webhook;
}
