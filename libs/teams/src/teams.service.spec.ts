import type { AuditService } from '@gateway/audit';
import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import type { AuthUser } from '@gateway/auth-core';
import type { TeamRole } from '@gateway/contracts';
import type { Team } from './entities/team.entity';
import type { TeamMembersRepository } from './team-members.repository';
import type { TeamsRepository } from './teams.repository';
import type { BudgetSpendReader } from '@gateway/billing';
import type { KeysService } from '@gateway/keys';
import { TeamsService } from './teams.service';

const team = { id: 't1', name: 'Core', slug: 'core', allowedModels: [], rpm: 10, tpm: null, metadata: {}, balanceMicros: 0, budgetMicros: null, budgetPeriod: 'total', budgetAlerts: [50, 80, 100], lowBalanceMicros: null, lowBalanceAlerted: false, createdAt: new Date(0), updatedAt: new Date(0) } as Team;
const caller = (id: string, role: AuthUser['role'] = 'user') => ({ id, role }) as AuthUser;

function setup(roles: Record<string, TeamRole>) {
  const teams = { findById: jest.fn(async (id: string) => (id === team.id ? team : null)), findBySlug: jest.fn(async () => null), update: jest.fn(async () => team), delete: jest.fn() };
  const members = { find: jest.fn(async (_t: string, userId: string) => (roles[userId] ? { role: roles[userId] } : null)) };
  const keys = { countTeamKeys: jest.fn(async () => 0), revokeTeamKeys: jest.fn(async () => 0), teamChanged: jest.fn(async () => undefined) };
  const budgets = { views: jest.fn(async () => new Map()) } as unknown as BudgetSpendReader;
  const audit = { transaction: async (work: (tx: unknown) => unknown) => work({ em: {}, record: () => undefined }), record: async () => undefined } as unknown as AuditService;
  return { service: new TeamsService(teams as unknown as TeamsRepository, members as unknown as TeamMembersRepository, keys as unknown as KeysService, budgets, audit), teams };
}

describe('TeamsService: who may see and change a team', () => {
  const { service, teams } = setup({ owner: 'owner', member: 'member' });

  it('hides a team from outsiders as if it did not exist, and shows it to members and admins', async () => {
    await expect(service.get(caller('outsider'), team.id)).rejects.toBeInstanceOf(NotFoundException);
    await expect(service.get(caller('member'), 'nope')).rejects.toBeInstanceOf(NotFoundException);
    expect((await service.get(caller('member'), team.id)).role).toBe('member');
    expect((await service.get(caller('admin', 'admin'), team.id)).role).toBeNull();
  });

  it('lets owners change name, models and metadata but not slug, rpm or tpm; members change nothing', async () => {
    await expect(service.update(caller('member'), team.id, { name: 'x' })).rejects.toBeInstanceOf(ForbiddenException);
    await expect(service.update(caller('owner'), team.id, { rpm: 20 })).rejects.toThrow(/Only admins may change a team's rpm/);
    await expect(service.update(caller('owner'), team.id, { slug: 'other', tpm: 5 })).rejects.toThrow(/slug, tpm/);
    // Sending back the values it has is no change.
    await service.update(caller('owner'), team.id, { name: 'Renamed', slug: 'core', rpm: 10, tpm: null, allowedModels: ['m'] });
    expect(teams.update).toHaveBeenLastCalledWith(team.id, { name: 'Renamed', slug: 'core', rpm: 10, tpm: null, allowedModels: ['m'] }, {});
    await service.update(caller('admin', 'admin'), team.id, { rpm: 20 });
    expect(teams.update).toHaveBeenLastCalledWith(team.id, { rpm: 20 }, {});
  });

  it('refuses a slug another team has', async () => {
    teams.findBySlug.mockResolvedValueOnce({ ...team, id: 't2' } as never);
    await expect(service.update(caller('admin', 'admin'), team.id, { slug: 'taken' })).rejects.toBeInstanceOf(ConflictException);
  });
});
