export * from './entities/webhook-delivery.entity';
export * from './entities/webhook.entity';
export * from './jobs/webhook-delivery.processor';
export * from './jobs/webhook-sweep.processor';
export { signatureHeader } from './webhook-signature';
export type { WebhookAccount } from './webhooks.repository';
export * from './webhooks.module';
export * from './webhooks.service';
export * from './notification-dispatcher';
