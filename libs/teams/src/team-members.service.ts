import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { AuthUser } from '@gateway/auth-core';
import type { Page, TeamMemberView, TeamRole } from '@gateway/contracts';
import { UsersService, type User } from '@gateway/users';
import { AddTeamMemberDto } from './dto/add-team-member.dto';
import { UpdateTeamMemberDto } from './dto/update-team-member.dto';
import { TeamMembersRepository, type MembershipChange } from './team-members.repository';
import { toTeamMemberView } from './team-view';
import { TeamsRepository } from './teams.repository';
import { TeamsService, type TeamStanding } from './teams.service';

const LAST_OWNER = 'This is the team’s last owner: make another member an owner first (or ask an admin)';

@Injectable()
export class TeamMembersService {
  constructor(
    private readonly teams: TeamsService,
    private readonly teamRows: TeamsRepository,
    private readonly members: TeamMembersRepository,
    private readonly users: UsersService,
  ) {}

  async list(caller: AuthUser, teamId: string, page: number, pageSize: number): Promise<Page<TeamMemberView>> {
    await this.teams.standing(caller, teamId);
    const [rows, total] = await this.members.list(teamId, page, pageSize);
    const users = new Map((await this.users.findByIds(rows.map((m) => m.userId))).map((u) => [u.id, u]));
    const items = rows.filter((m) => users.has(m.userId)).map((m) => toTeamMemberView(m, users.get(m.userId)!));
    return { items, total, page, pageSize };
  }

  /** The teams this user owns (what other features let team owners manage). */
  ownedTeamIds(userId: string): Promise<string[]> {
    return this.members.teamsOwnedBy(userId);
  }

  async add(caller: AuthUser, teamId: string, dto: AddTeamMemberDto): Promise<TeamMemberView> {
    await this.teams.managed(caller, teamId);
    if (dto.userId !== undefined && dto.email !== undefined) throw new BadRequestException('Give either userId or email, not both');
    const user = await this.userFor(dto);
    const member = await this.members.add(teamId, user.id, dto.role ?? 'member');
    if (!member) throw new ConflictException('This user is already a member of the team');
    return toTeamMemberView(member, user);
  }

  async update(caller: AuthUser, teamId: string, userId: string, dto: UpdateTeamMemberDto): Promise<TeamMemberView> {
    const standing = await this.teams.managed(caller, teamId);
    await this.apply(standing, userId, { role: dto.role });
    const [member, user] = await Promise.all([this.members.find(teamId, userId), this.users.get(userId)]);
    if (!member) throw new NotFoundException('This user is not a member of the team');
    return toTeamMemberView(member, user);
  }

  /** Admins and owners remove anyone; a member may remove themselves (leave the team). */
  async remove(caller: AuthUser, teamId: string, userId: string): Promise<void> {
    const standing = await this.teams.standing(caller, teamId);
    if (!standing.admin && standing.role !== 'owner' && userId !== caller.id) throw new ForbiddenException("Only the team's owners or an admin may remove other members");
    await this.apply(standing, userId, 'remove');
  }

  /**
   * Memberships decided by an identity provider's groups (SSO): join, or take the role in `wanted`;
   * leave the other `managed` teams (never their last owner). Teams outside `managed` are left
   * alone. Returns the slugs of managed teams that do not exist.
   */
  async followClaims(userId: string, wanted: Map<string, TeamRole>, managed: string[]): Promise<string[]> {
    const missing: string[] = [];
    for (const slug of managed) {
      const team = await this.teamRows.findBySlug(slug);
      if (!team) {
        missing.push(slug);
        continue;
      }
      const role = wanted.get(slug);
      const current = await this.members.find(team.id, userId);
      if (role && !current) await this.members.add(team.id, userId, role);
      else if (role && current!.role !== role) await this.members.change(team.id, userId, { role }, true);
      else if (!role && current) await this.members.change(team.id, userId, 'remove', true);
    }
    return missing;
  }

  /** Only an admin may leave a team without an owner. */
  private async apply({ team, admin }: TeamStanding, userId: string, change: MembershipChange): Promise<void> {
    const outcome = await this.members.change(team.id, userId, change, !admin);
    if (outcome === 'not-a-member') throw new NotFoundException('This user is not a member of the team');
    if (outcome === 'last-owner') throw new ConflictException(LAST_OWNER);
  }

  private async userFor(dto: AddTeamMemberDto): Promise<User> {
    const user = dto.userId !== undefined ? (await this.users.findByIds([dto.userId]))[0] : await this.users.findByEmail(dto.email!);
    if (!user) throw new NotFoundException('User not found');
    return user;
  }
}
