import { BadRequestException, Injectable } from '@nestjs/common';
import type { AuthUser } from '@gateway/auth-core';
import type { UsableModelsView } from '@gateway/contracts';
import { ModelsService } from '@gateway/models';
import { UsersRepository } from '@gateway/users';
import { ApiKeysRepository } from './keys.repository';

/**
 * A key's `models` may name only models its holder may use, by the rule the gateway applies to
 * each request: the holder's tier, and for a team key the team's allow-list as well. Such a key
 * would only ever get 403s, so it is refused (400) naming the models.
 */
@Injectable()
export class KeyModelAccess {
  constructor(
    private readonly models: ModelsService,
    private readonly users: UsersRepository,
    private readonly keys: ApiKeysRepository,
  ) {}

  /** `holder`: the caller when they hold the key (their tier is at hand), else the holder's id. */
  async check(holder: AuthUser | string, teamId: string | null, names: string[]): Promise<void> {
    if (!names.length) return;
    const tier = await this.tierOf(holder);
    const teamModels = await this.teamModels(teamId);
    const forbidden = await this.models.forbiddenFor(tier, names, teamModels);
    if (!forbidden.length) return;
    const whose = teamId ? `the key's user (tier ${tier}) with this team's models` : `the key's user (tier ${tier})`;
    throw new BadRequestException([`models: ${forbidden.map((n) => `"${n}"`).join(', ')} may not be used by ${whose}`]);
  }

  /**
   * The enabled models a key of this holder (and team) may name, by the same rule as `check`:
   * what the key's edit form offers, whoever edits it (an owner or admin edits others' keys).
   */
  async usable(holder: AuthUser | string, teamId: string | null, admin: boolean): Promise<UsableModelsView> {
    const tier = await this.tierOf(holder);
    const teamModels = await this.teamModels(teamId);
    const items = await this.models.usableByTier(tier, admin);
    return { tier, items: teamModels.length ? items.filter((m) => teamModels.includes(m.name)) : items };
  }

  private async tierOf(holder: AuthUser | string) {
    const tier = typeof holder === 'string' ? (await this.users.findById(holder))?.tier : holder.tier;
    if (!tier) throw new BadRequestException("The key's user does not exist");
    return tier;
  }

  private async teamModels(teamId: string | null): Promise<string[]> {
    return teamId ? ((await this.keys.teamLimits(teamId))?.models ?? []) : [];
  }
}
