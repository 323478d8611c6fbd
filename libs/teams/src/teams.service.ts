import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '@gateway/audit';
import type { AuthUser } from '@gateway/auth-core';
import { budgetColumns, BudgetSpendReader } from '@gateway/billing';
import { usdToMicros } from '@gateway/database';
import { KeysService } from '@gateway/keys';
import type { Page, TeamRole, TeamView } from '@gateway/contracts';
import { CreateTeamDto } from './dto/create-team.dto';
import { UpdateTeamDto } from './dto/update-team.dto';
import { Team } from './entities/team.entity';
import { TeamMembersRepository } from './team-members.repository';
import { toTeamView } from './team-view';
import { TeamsRepository } from './teams.repository';

/** A caller's standing in a team: the team, and their role in it (null for an admin who is not a member). */
export interface TeamStanding {
  team: Team;
  role: TeamRole | null;
  admin: boolean;
}

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';

@Injectable()
export class TeamsService {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly members: TeamMembersRepository,
    private readonly keys: KeysService,
    private readonly budgets: BudgetSpendReader,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateTeamDto): Promise<TeamView> {
    if (await this.teams.findBySlug(dto.slug)) throw slugTaken(dto.slug);
    const fields = { name: dto.name, slug: dto.slug, allowedModels: dto.allowedModels ?? [], rpm: dto.rpm ?? null, tpm: dto.tpm ?? null, metadata: dto.metadata ?? {}, ...accountSettings(dto) };
    const team = await this.audit
      .transaction(async (tx) => {
        const created = await this.teams.create(fields, tx.em);
        tx.record({ action: 'team.create', targetType: 'team', targetId: created.id, after: teamAudit(created) });
        return created;
      })
      .catch((e) => {
        throw isUniqueViolation(e) ? slugTaken(dto.slug) : e;
      });
    return this.view(team, null);
  }

  /** Admins see every team; everyone else the teams they belong to. Each comes with the caller's role. */
  async list(caller: AuthUser, page: number, pageSize: number): Promise<Page<TeamView>> {
    if (caller.role === 'admin') {
      const [teams, total] = await this.teams.list(page, pageSize);
      const roles = await this.members.rolesOf(caller.id, teams.map((t) => t.id));
      return { items: await this.views(teams.map((t) => [t, roles.get(t.id) ?? null])), total, page, pageSize };
    }
    const [memberships, total] = await this.teams.listForMember(caller.id, page, pageSize);
    return { items: await this.views(memberships.map((m) => [m.team!, m.role])), total, page, pageSize };
  }

  async get(caller: AuthUser, id: string): Promise<TeamView> {
    const { team, role } = await this.standing(caller, id);
    return this.view(team, role);
  }

  async update(caller: AuthUser, id: string, dto: UpdateTeamDto): Promise<TeamView> {
    const { team, role, admin } = await this.managed(caller, id);
    const adminOnly = (['slug', 'rpm', 'tpm'] as const).filter((f) => dto[f] !== undefined && dto[f] !== team[f]);
    if (!admin && adminOnly.length) throw new ForbiddenException(`Only admins may change a team's ${adminOnly.join(', ')}`);
    if (dto.slug !== undefined && dto.slug !== team.slug && (await this.teams.findBySlug(dto.slug))) throw slugTaken(dto.slug);
    const changes: Partial<Team> = {};
    for (const field of ['name', 'slug', 'allowedModels', 'rpm', 'tpm', 'metadata'] as const) {
      if (dto[field] !== undefined) (changes as Record<string, unknown>)[field] = dto[field];
    }
    Object.assign(changes, accountSettings(dto));
    const updated = await this.audit
      .transaction(async (tx) => {
        const after = (await this.teams.update(id, changes, tx.em))!;
        tx.record({ action: 'team.update', targetType: 'team', targetId: id, before: teamAudit(team), after: teamAudit(after) });
        return after;
      })
      .catch((e) => {
        throw isUniqueViolation(e) ? slugTaken(dto.slug!) : e;
      });
    // Its keys carry the team's models, limits and budget in every replica's cache.
    if (['allowedModels', 'rpm', 'tpm', 'budget'].some((f) => dto[f as keyof UpdateTeamDto] !== undefined)) await this.keys.teamChanged(id);
    return this.view(updated, role);
  }

  async remove(id: string, force: boolean): Promise<void> {
    const team = await this.teams.findById(id);
    if (!team) throw new NotFoundException('Team not found');
    const holdings = await this.holdings(team);
    if (holdings.length && !force) throw new ConflictException(`This team has ${holdings.join(' and ')}: pass ?force=true to delete it with them`);
    const revoked = await this.audit.transaction(async (tx) => {
      const hashes = await this.keys.revokeTeamKeys(id, tx.em);
      await this.teams.delete(id, tx.em);
      tx.record({ action: 'team.delete', targetType: 'team', targetId: id, before: teamAudit(team), detail: { balanceMicros: team.balanceMicros, keysRevoked: hashes.length, forced: force } });
      return hashes;
    });
    await this.keys.keysChanged(revoked);
  }

  private async views(teams: Array<[Team, TeamRole | null]>): Promise<TeamView[]> {
    const budgets = await this.budgets.views(teams.map(([t]) => ({ id: t.id, budget: teamBudget(t) })));
    return teams.map(([t, role]) => toTeamView(t, role, budgets.get(t.id) ?? null));
  }

  private async view(team: Team, role: TeamRole | null): Promise<TeamView> {
    return (await this.views([[team, role]]))[0];
  }

  /** Outsiders (not a member, not an admin) learn nothing, not even that the team exists: 404. */
  async standing(caller: AuthUser, id: string): Promise<TeamStanding> {
    const team = await this.teams.findById(id);
    const role = team ? ((await this.members.find(id, caller.id))?.role ?? null) : null;
    const admin = caller.role === 'admin';
    if (!team || (role === null && !admin)) throw new NotFoundException('Team not found');
    return { team, role, admin };
  }

  /** The caller must be an admin or one of the team's owners; a plain member gets 403. */
  async managed(caller: AuthUser, id: string): Promise<TeamStanding> {
    const standing = await this.standing(caller, id);
    if (!standing.admin && standing.role !== 'owner') throw new ForbiddenException("Only the team's owners or an admin may do this");
    return standing;
  }

  /**
   * What deleting the team would take with it, which `?force=true` must confirm. Its ledger
   * entries stay either way (the record of what was granted and spent).
   */
  private async holdings(team: Team): Promise<string[]> {
    const keys = await this.keys.countTeamKeys(team.id);
    return [...(keys ? [`${keys} live key${keys > 1 ? 's' : ''}`] : []), ...(team.balanceMicros !== 0 ? [`a balance of $${team.balanceMicros / 1e6}`] : [])];
  }
}

const slugTaken = (slug: string) => new ConflictException(`A team with the slug "${slug}" exists`);

export const teamBudget = (t: Pick<Team, 'budgetMicros' | 'budgetPeriod' | 'budgetAlerts'>) => ({ micros: t.budgetMicros, period: t.budgetPeriod, alerts: t.budgetAlerts });

/** What the audit log keeps of a team. */
const teamAudit = (t: Team) => ({
  name: t.name,
  slug: t.slug,
  allowedModels: t.allowedModels,
  rpm: t.rpm,
  tpm: t.tpm,
  metadata: t.metadata,
  budget: t.budgetMicros === null ? null : { micros: t.budgetMicros, period: t.budgetPeriod, alerts: t.budgetAlerts },
  lowBalanceMicros: t.lowBalanceMicros,
});

/** The budget and low-balance columns a create or update sets. */
function accountSettings(dto: UpdateTeamDto): Partial<Team> {
  const changes: Partial<Team> = {};
  const budget = budgetColumns(dto.budget);
  if (budget) changes.budgetMicros = budget.micros;
  if (budget?.period) [changes.budgetPeriod, changes.budgetAlerts] = [budget.period, budget.alerts!];
  // A new mark is armed afresh: the next charge below it alerts.
  if (dto.lowBalanceUsd !== undefined) [changes.lowBalanceMicros, changes.lowBalanceAlerted] = [dto.lowBalanceUsd === null ? null : usdToMicros(dto.lowBalanceUsd), false];
  return changes;
}
