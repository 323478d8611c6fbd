import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { AuditService } from '@gateway/audit';
import type { AuthUser } from '@gateway/auth-core';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import type { CreatedWebhookView, Page, WebhookDeliveryView, WebhookEvent, WebhookEventType, WebhookTestResult, WebhookView } from '@gateway/contracts';
import { JOB_QUEUES, QUEUES, type JobQueues } from '@gateway/queue';
import { TeamMembersService, TeamsService } from '@gateway/teams';
import { deliveryJobId } from './delivery-policy';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { ListWebhooksQuery } from './dto/list-webhooks.query';
import type { Webhook } from './entities/webhook.entity';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookSecrets } from './webhook-secrets';
import { targetProblem, targetRules } from './webhook-target';
import { eventText } from './webhook-text';
import { toDeliveryView, toWebhookView } from './webhook-view';
import { WebhooksRepository, type WebhookAccount, type WebhookScope } from './webhooks.repository';

/**
 * A user's own webhooks, and their teams' for owners; admins see and manage all. Anyone else gets
 * 404, as if the webhook did not exist. `emit` is how other features raise events.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly webhooks: WebhooksRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly secrets: WebhookSecrets,
    private readonly teams: TeamsService,
    private readonly members: TeamMembersService,
    @Inject(JOB_QUEUES) private readonly queues: JobQueues,
    private readonly audit: AuditService,
  ) {}

  async create(caller: AuthUser, dto: CreateWebhookDto): Promise<CreatedWebhookView> {
    if (dto.teamId) await this.teams.managed(caller, dto.teamId);
    const problem = targetProblem(dto.url, targetRules(this.config));
    if (problem) throw new BadRequestException([problem]);
    const { secret, sealed } = this.secrets.generate();
    const owner = dto.teamId ? { userId: null, teamId: dto.teamId } : { userId: caller.id, teamId: null };
    const webhook = await this.audit.transaction(async (tx) => {
      const created = await this.webhooks.create({ ...owner, url: dto.url, events: dto.events, secretEnc: sealed }, tx.em);
      tx.record({ action: 'webhook.create', targetType: 'webhook', targetId: created.id, after: webhookAudit(created) });
      return created;
    });
    return { ...toWebhookView(webhook), secret };
  }

  async list(caller: AuthUser, query: ListWebhooksQuery): Promise<Page<WebhookView>> {
    const { page, pageSize, teamId } = query;
    let scope: WebhookScope;
    if (teamId) {
      if (caller.role !== 'admin') await this.teams.managed(caller, teamId);
      scope = { teamId };
    } else {
      scope = caller.role === 'admin' ? { all: true } : { userId: caller.id, teamIds: await this.members.ownedTeamIds(caller.id) };
    }
    const [rows, total] = await this.webhooks.list(scope, page, pageSize);
    return { items: rows.map(toWebhookView), total, page, pageSize };
  }

  async remove(caller: AuthUser, id: string): Promise<void> {
    const webhook = await this.managed(caller, id);
    await this.audit.transaction(async (tx) => {
      await this.webhooks.delete(id, tx.em);
      tx.record({ action: 'webhook.delete', targetType: 'webhook', targetId: id, before: webhookAudit(webhook) });
    });
  }

  async listDeliveries(caller: AuthUser, id: string, page: number, pageSize: number): Promise<Page<WebhookDeliveryView>> {
    await this.managed(caller, id);
    const [rows, total] = await this.deliveries.list(id, page, pageSize);
    return { items: rows.map(toDeliveryView), total, page, pageSize };
  }

  /** A `webhook.test` event through the same queue, retries and log as any other. */
  async test(caller: AuthUser, id: string): Promise<WebhookTestResult> {
    const webhook = await this.managed(caller, id);
    if (webhook.disabledAt) throw new ConflictException('This webhook is disabled');
    const [deliveryId] = await this.record([webhook], 'webhook.test', { webhookId: webhook.id });
    return { deliveryId };
  }

  /**
   * Raise `event` for a user or a team: one delivery per enabled webhook of theirs subscribed to it,
   * sent by the queue. Returns the delivery ids. `text` overrides the one-line message.
   */
  async emit(account: WebhookAccount, event: WebhookEvent, data: Record<string, unknown>, text?: string): Promise<string[]> {
    return this.record(await this.webhooks.subscribed(account, event), event, data, text);
  }

  /** The rows first: a job that cannot be enqueued now is re-enqueued by the sweep. */
  private async record(webhooks: Webhook[], type: WebhookEventType, data: Record<string, unknown>, text?: string): Promise<string[]> {
    const createdAt = new Date().toISOString();
    const rows = webhooks.map((w) => {
      const id = randomUUID();
      return { id, webhookId: w.id, event: type, payload: { id, type, createdAt, data, text: eventText(type, data, text) } };
    });
    await this.deliveries.insert(rows);
    for (const { id } of rows) {
      await this.queues.add(QUEUES.webhookDelivery, { deliveryId: id, attempt: 1 }, deliveryJobId(id, 1)).catch((e) => this.logger.warn(`delivery ${id} not enqueued (the sweep will): ${(e as Error).message}`));
    }
    return rows.map((r) => r.id);
  }

  /** A team's webhook: its owners and admins (a member gets 403); a user's: that user and admins. Others: 404. */
  private async managed(caller: AuthUser, id: string): Promise<Webhook> {
    const webhook = await this.webhooks.findById(id);
    const notFound = new NotFoundException('Webhook not found');
    if (!webhook) throw notFound;
    if (webhook.teamId) {
      await this.teams.managed(caller, webhook.teamId).catch((e) => {
        throw e instanceof NotFoundException ? notFound : e;
      });
    } else if (webhook.userId !== caller.id && caller.role !== 'admin') throw notFound;
    return webhook;
  }
}

/** What the audit log keeps of a webhook: never its secret. */
const webhookAudit = (w: Webhook) => {
  const { createdAt: _c, ...rest } = toWebhookView(w);
  return rest;
};
