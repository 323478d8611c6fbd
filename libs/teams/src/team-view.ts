import type { BudgetView, TeamMemberView, TeamRole, TeamView } from '@gateway/contracts';
import { microsToUsd } from '@gateway/database';
import type { User } from '@gateway/users';
import type { TeamMember } from './entities/team-member.entity';
import type { Team } from './entities/team.entity';

export function toTeamView(team: Team, role: TeamRole | null, budget: BudgetView | null): TeamView {
  return {
    id: team.id,
    name: team.name,
    slug: team.slug,
    allowedModels: team.allowedModels,
    rpm: team.rpm,
    tpm: team.tpm,
    metadata: team.metadata,
    budget,
    lowBalanceUsd: team.lowBalanceMicros === null ? null : microsToUsd(team.lowBalanceMicros),
    role,
    createdAt: team.createdAt.toISOString(),
    updatedAt: team.updatedAt.toISOString(),
  };
}

export function toTeamMemberView(member: TeamMember, user: Pick<User, 'email' | 'name'>): TeamMemberView {
  return { userId: member.userId, email: user.email, name: user.name, role: member.role, createdAt: member.createdAt.toISOString() };
}
