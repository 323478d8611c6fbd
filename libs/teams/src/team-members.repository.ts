import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { TeamRole } from '@gateway/contracts';
import { EntityManager, In, Repository } from 'typeorm';
import { TeamMember } from './entities/team-member.entity';
import { Team } from './entities/team.entity';

/** A change to one membership: a new role, or its removal. */
export type MembershipChange = { role: TeamRole } | 'remove';

@Injectable()
export class TeamMembersRepository {
  constructor(@InjectRepository(TeamMember) private readonly repo: Repository<TeamMember>) {}

  find(teamId: string, userId: string) {
    return this.repo.findOneBy({ teamId, userId });
  }

  /** The user's role in each of these teams (teams without them are absent). */
  async rolesOf(userId: string, teamIds: string[]): Promise<Map<string, TeamRole>> {
    const rows = teamIds.length ? await this.repo.findBy({ userId, teamId: In(teamIds) }) : [];
    return new Map(rows.map((m) => [m.teamId, m.role]));
  }

  async teamsOwnedBy(userId: string): Promise<string[]> {
    return (await this.repo.find({ select: { teamId: true }, where: { userId, role: 'owner' } })).map((m) => m.teamId);
  }

  list(teamId: string, page: number, pageSize: number) {
    return this.repo.findAndCount({ where: { teamId }, order: { createdAt: 'ASC', userId: 'ASC' }, skip: (page - 1) * pageSize, take: pageSize });
  }

  /** Insert unless the user is already a member; the new row, or null. `em`: the caller's transaction. */
  async add(teamId: string, userId: string, role: TeamRole, em: EntityManager): Promise<TeamMember | null> {
    const members = em.getRepository(TeamMember);
    const result = await members.createQueryBuilder().insert().into(TeamMember).values({ teamId, userId, role }).orIgnore().returning('*').execute();
    return result.raw.length ? members.findOneBy({ teamId, userId }) : null;
  }

  /**
   * Apply `change` to a membership. With `keepAnOwner`, refuse when it would leave the team without
   * an owner (nothing changed). The team's row is locked first, so two owners demoting each other
   * at once cannot both succeed (so `em` must be a transaction). Returns the role it had.
   */
  async change(teamId: string, userId: string, change: MembershipChange, keepAnOwner: boolean, em: EntityManager): Promise<TeamRole | 'not-a-member' | 'last-owner'> {
    await em.getRepository(Team).createQueryBuilder('t').select('t.id').where('t.id = :teamId', { teamId }).setLock('pessimistic_write').getOne();
    const members = em.getRepository(TeamMember);
    const owners = await members.findBy({ teamId, role: 'owner' });
    const had = owners.some((o) => o.userId === userId) ? 'owner' : (await members.existsBy({ teamId, userId })) ? 'member' : null;
    if (!had) return 'not-a-member';
    const staysOwner = change !== 'remove' && change.role === 'owner';
    if (keepAnOwner && !staysOwner && owners.length === 1 && owners[0].userId === userId) return 'last-owner';
    if (change === 'remove') await members.delete({ teamId, userId });
    else await members.update({ teamId, userId }, { role: change.role });
    return had;
  }
}
