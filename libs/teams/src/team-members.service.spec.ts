import type { AuditService } from '@gateway/audit';
import { BadRequestException, ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import type { AuthUser } from '@gateway/auth-core';
import type { TeamRole } from '@gateway/contracts';
import type { KeysService } from '@gateway/keys';
import type { UsersService } from '@gateway/users';
import type { TeamMembersRepository } from './team-members.repository';
import { TeamMembersService } from './team-members.service';
import type { TeamsService } from './teams.service';

const caller = (id: string, role: AuthUser['role'] = 'user') => ({ id, role }) as AuthUser;
const roles: Record<string, TeamRole> = { owner: 'owner', member: 'member' };

function setup() {
  const standing = async (c: AuthUser) => {
    if (!roles[c.id] && c.role !== 'admin') throw new NotFoundException('Team not found');
    return { team: { id: 't1' }, role: roles[c.id] ?? null, admin: c.role === 'admin' };
  };
  const managed = async (c: AuthUser) => {
    const s = await standing(c);
    if (!s.admin && s.role !== 'owner') throw new ForbiddenException();
    return s;
  };
  const teams = { standing: jest.fn(standing), managed: jest.fn(managed) };
  const members = {
    change: jest.fn(async (_t: string, userId: string, change: unknown, keepAnOwner: boolean) => {
      if (!roles[userId]) return 'not-a-member';
      return keepAnOwner && userId === 'owner' && (change === 'remove' || (change as { role: string }).role !== 'owner') ? 'last-owner' : roles[userId];
    }),
    add: jest.fn(async () => null),
  };
  const users = { findByIds: jest.fn(async (ids: string[]) => ids.map((id) => ({ id, email: `${id}@x` }))), findByEmail: jest.fn(async () => null) };
  const keys = { revokeTeamKeys: jest.fn(async () => []), keysChanged: jest.fn(async () => undefined) };
  const audit = { transaction: async (work: (tx: unknown) => unknown) => work({ em: {}, record: () => undefined }), record: async () => undefined } as unknown as AuditService;
  const service = new TeamMembersService(teams as unknown as TeamsService, {} as never, members as unknown as TeamMembersRepository, users as unknown as UsersService, keys as unknown as KeysService, audit);
  return { service, members };
}

describe('TeamMembersService: changing who is in a team', () => {
  const { service, members } = setup();

  it('lets a member leave but not remove others; outsiders learn nothing', async () => {
    await expect(service.remove(caller('member'), 't1', 'member')).resolves.toBeUndefined();
    await expect(service.remove(caller('member'), 't1', 'owner')).rejects.toBeInstanceOf(ForbiddenException);
    await expect(service.remove(caller('stranger'), 't1', 'member')).rejects.toBeInstanceOf(NotFoundException);
    await expect(service.remove(caller('owner'), 't1', 'nobody')).rejects.toBeInstanceOf(NotFoundException);
  });

  it('keeps a last owner unless an admin acts', async () => {
    await expect(service.remove(caller('owner'), 't1', 'owner')).rejects.toThrow(ConflictException);
    await expect(service.update(caller('owner'), 't1', 'owner', { role: 'member' })).rejects.toThrow(/last owner/);
    await service.remove(caller('admin', 'admin'), 't1', 'owner');
    expect(members.change).toHaveBeenLastCalledWith('t1', 'owner', 'remove', false, {});
  });

  it('adds by id or by email, not both; an unknown user is a 404 and a second add a 409', async () => {
    await expect(service.add(caller('owner'), 't1', { userId: 'u', email: 'u@x' })).rejects.toBeInstanceOf(BadRequestException);
    await expect(service.add(caller('owner'), 't1', { email: 'ghost@x' })).rejects.toBeInstanceOf(NotFoundException);
    await expect(service.add(caller('owner'), 't1', { userId: 'u' })).rejects.toBeInstanceOf(ConflictException);
    await expect(service.add(caller('member'), 't1', { userId: 'u' })).rejects.toBeInstanceOf(ForbiddenException);
    expect(members.add).toHaveBeenCalledWith('t1', 'u', 'member', {});
  });
});
