import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '@gateway/audit';
import type { AuthUser } from '@gateway/auth-core';
import { KeysService } from '@gateway/keys';
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
    private readonly keys: KeysService,
    private readonly audit: AuditService,
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
    const member = await this.audit.transaction(async (tx) => {
      const added = await this.members.add(teamId, user.id, dto.role ?? 'member', tx.em);
      if (!added) throw new ConflictException('This user is already a member of the team');
      tx.record({ action: 'team.member.add', targetType: 'team', targetId: teamId, after: { role: added.role }, detail: { userId: user.id, email: user.email } });
      return added;
    });
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
      if (!role && !current) continue;
      if (role && current?.role === role) continue;
      // As an admin's change would be: audited, in one transaction, a leaver's team keys revoked.
      const revoked = await this.audit.transaction(async (tx) => {
        const record = (action: string, before: object | null, after: object | null) => tx.record({ action, targetType: 'team', targetId: team.id, before, after, detail: { userId, source: 'sso' } });
        if (role && !current) {
          if (await this.members.add(team.id, userId, role, tx.em)) record('team.member.add', null, { role });
          return [];
        }
        const had = await this.members.change(team.id, userId, role ? { role } : 'remove', true, tx.em);
        if (had === 'not-a-member' || had === 'last-owner') return [];
        record(role ? 'team.member.role' : 'team.member.remove', { role: had }, role ? { role } : null);
        return role ? [] : this.keys.revokeTeamKeys(team.id, tx.em, userId);
      });
      await this.keys.keysChanged(revoked);
    }
    return missing;
  }

  /** Only an admin may leave a team without an owner. */
  private async apply({ team, admin }: TeamStanding, userId: string, change: MembershipChange): Promise<void> {
    const revoked = await this.audit.transaction(async (tx) => {
      const had = await this.members.change(team.id, userId, change, !admin, tx.em);
      if (had === 'not-a-member') throw new NotFoundException('This user is not a member of the team');
      if (had === 'last-owner') throw new ConflictException(LAST_OWNER);
      const action = change === 'remove' ? 'team.member.remove' : 'team.member.role';
      tx.record({ action, targetType: 'team', targetId: team.id, before: { role: had }, after: change === 'remove' ? null : { role: change.role }, detail: { userId } });
      // The team pays for its keys: those held by someone who left stop working.
      return change === 'remove' ? this.keys.revokeTeamKeys(team.id, tx.em, userId) : [];
    });
    await this.keys.keysChanged(revoked);
  }

  private async userFor(dto: AddTeamMemberDto): Promise<User> {
    const user = dto.userId !== undefined ? (await this.users.findByIds([dto.userId]))[0] : await this.users.findByEmail(dto.email!);
    if (!user) throw new NotFoundException('User not found');
    return user;
  }
}
