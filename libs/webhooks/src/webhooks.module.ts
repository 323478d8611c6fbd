import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@gateway/audit';
import { TeamsModule } from '@gateway/teams';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { Webhook } from './entities/webhook.entity';
import { WebhookDeliveryProcessor } from './jobs/webhook-delivery.processor';
import { NotificationDispatcher } from './notification-dispatcher';
import { NotificationsController } from './notifications.controller';
import { WebhookSweepProcessor } from './jobs/webhook-sweep.processor';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookSender } from './webhook-sender';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** The routes, `WebhooksService.emit` for other features, and the processors the jobs host runs. Needs the global JOB_QUEUES. */
@Module({
  imports: [AuditModule, TeamsModule, TypeOrmModule.forFeature([Webhook, WebhookDelivery])],
  controllers: [NotificationsController, WebhooksController],
  providers: [NotificationDispatcher, WebhookDeliveriesRepository, WebhookDeliveryProcessor, WebhookSecrets, WebhookSender, WebhookSweepProcessor, WebhooksRepository, WebhooksService],
  exports: [NotificationDispatcher, WebhookDeliveryProcessor, WebhookSweepProcessor, WebhooksService],
})
export class WebhooksModule {}
