import { BadRequestException, Injectable } from '@nestjs/common';
import type { AuthUser } from '@gateway/auth-core';
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
    const tier = typeof holder === 'string' ? (await this.users.findById(holder))?.tier : holder.tier;
    if (!tier) throw new BadRequestException("The key's user does not exist");
    const teamModels = teamId ? ((await this.keys.teamLimits(teamId))?.models ?? []) : [];
    const forbidden = await this.models.forbiddenFor(tier, names, teamModels);
    if (!forbidden.length) return;
    const whose = teamId ? `the key's user (tier ${tier}) with this team's models` : `the key's user (tier ${tier})`;
    throw new BadRequestException([`models: ${forbidden.map((n) => `"${n}"`).join(', ')} may not be used by ${whose}`]);
  }
}
