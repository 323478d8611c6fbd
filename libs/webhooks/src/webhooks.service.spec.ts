import type { AuditService } from '@gateway/audit';
import { ForbiddenException, Logger, NotFoundException } from '@nestjs/common';
import type { AuthUser } from '@gateway/auth-core';
import type { AppConfig } from '@gateway/config';
import type { JobQueues } from '@gateway/queue';
import type { TeamMembersService, TeamsService } from '@gateway/teams';
import type { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import type { WebhookSecrets } from './webhook-secrets';
import { WebhooksService } from './webhooks.service';
import type { WebhooksRepository } from './webhooks.repository';

const caller = (id: string, role: AuthUser['role'] = 'user') => ({ id, role }) as AuthUser;
const hooks: Record<string, object> = {
  personal: { id: 'personal', userId: 'alice', teamId: null, disabledAt: null, createdAt: new Date(0) },
  team: { id: 'team', userId: null, teamId: 't1', disabledAt: null, createdAt: new Date(0) },
};
const teamRoles: Record<string, string> = { owner: 'owner', member: 'member' };

function setup() {
  const webhooks = {
    findById: jest.fn(async (id: string) => hooks[id] ?? null),
    delete: jest.fn(async () => undefined),
    create: jest.fn(async (fields: object) => ({ id: 'new', createdAt: new Date(0), disabledAt: null, ...fields })),
    subscribed: jest.fn(async () => [hooks.personal]),
  };
  const deliveries = { insert: jest.fn(async () => undefined) };
  const teams = {
    managed: jest.fn(async (c: AuthUser) => {
      if (c.role === 'admin' || teamRoles[c.id] === 'owner') return {};
      throw teamRoles[c.id] ? new ForbiddenException() : new NotFoundException('Team not found');
    }),
  };
  const queues = { add: jest.fn(async () => ({})) };
  const config = { env: 'test', webhooks: { allowedHosts: [] } } as unknown as AppConfig;
  const secrets = { generate: () => ({ secret: 'whsec_plain', sealed: 'v1.sealed' }) } as unknown as WebhookSecrets;
  const audit = { transaction: async (work: (tx: unknown) => unknown) => work({ em: {}, record: () => undefined }), record: async () => undefined } as unknown as AuditService;
  const service = new WebhooksService(
    config,
    webhooks as unknown as WebhooksRepository,
    deliveries as unknown as WebhookDeliveriesRepository,
    secrets,
    teams as unknown as TeamsService,
    {} as TeamMembersService,
    queues as unknown as JobQueues,
    audit,
  );
  return { service, webhooks, deliveries, queues };
}

describe('WebhooksService', () => {
  const { service, webhooks, deliveries, queues } = setup();

  it("hides someone else's webhook as if it did not exist; a team member gets 403", async () => {
    await expect(service.remove(caller('bob'), 'personal')).rejects.toThrow(new NotFoundException('Webhook not found'));
    await expect(service.remove(caller('outsider'), 'team')).rejects.toThrow(new NotFoundException('Webhook not found'));
    await expect(service.remove(caller('member'), 'team')).rejects.toBeInstanceOf(ForbiddenException);
    await expect(service.remove(caller('bob'), 'missing')).rejects.toBeInstanceOf(NotFoundException);
    expect(webhooks.delete).not.toHaveBeenCalled();
    await service.remove(caller('alice'), 'personal');
    await service.remove(caller('owner'), 'team');
    await service.remove(caller('root', 'admin'), 'personal');
    expect(webhooks.delete).toHaveBeenCalledTimes(3);
  });

  it('creates with the secret sealed, and shows it once', async () => {
    const created = await service.create(caller('alice'), { url: 'https://example.com/h', events: ['balance.low'] });
    expect(webhooks.create).toHaveBeenLastCalledWith({ userId: 'alice', teamId: null, url: 'https://example.com/h', events: ['balance.low'], secretEnc: 'v1.sealed' }, {});
    expect(created).toMatchObject({ userId: 'alice', secret: 'whsec_plain' });
    await expect(service.create(caller('member'), { url: 'https://example.com/h', events: ['balance.low'], teamId: 't1' })).rejects.toBeInstanceOf(ForbiddenException);
  });

  it('emits one delivery per subscribed webhook: the row first, then its job', async () => {
    const [id] = await service.emit({ userId: 'alice' }, 'balance.low', { balanceUsd: 2 });
    expect(deliveries.insert).toHaveBeenLastCalledWith([
      { id, webhookId: 'personal', event: 'balance.low', payload: { id, type: 'balance.low', createdAt: expect.any(String), data: { balanceUsd: 2 }, text: 'LLM gateway: balance.low (balanceUsd: 2)' } },
    ]);
    expect(queues.add).toHaveBeenLastCalledWith('webhook-delivery', { deliveryId: id, attempt: 1 }, `webhook-${id}-1`);
  });

  it('keeps the delivery when the queue is down (the sweep enqueues it later)', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    queues.add.mockRejectedValueOnce(new Error('Redis is down'));
    await expect(service.emit({ userId: 'alice' }, 'balance.low', {})).resolves.toHaveLength(1);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/not enqueued \(the sweep will\): Redis is down/));
    warn.mockRestore();
  });
});
