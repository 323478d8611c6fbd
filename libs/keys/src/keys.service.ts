import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '@gateway/audit';
import type { AuthUser } from '@gateway/auth-core';
import { PubSubService } from '@gateway/cache';
import { keyPrefixOf, type CreatedKeyView, type KeyScope, type KeyView, type UsableModelsView } from '@gateway/contracts';
import { budgetColumns, BudgetSpendReader, keyBudgetRequest } from '@gateway/billing';
import type { EntityManager } from 'typeorm';
import { CreateKeyDto } from './dto/create-key.dto';
import { UpdateKeyDto } from './dto/update-key.dto';
import { ApiKey } from './entities/api-key.entity';
import { futureOrNull, keyAudit, keyBudget, normaliseOrigins, secretHashes } from './key-fields';
import { generateApiKey, hashApiKey } from './key-hash';
import { KeyModelAccess } from './key-model-access';
import { toKeyView } from './key-view';
import { ApiKeysRepository } from './keys.repository';

/** The management scope carries the owner's management rights to a script: only admins hand it out. */
function grantable(caller: AuthUser, scopes: KeyScope[]): KeyScope[] {
  if (scopes.includes('management') && caller.role !== 'admin') throw new ForbiddenException('Only admins may grant a key the "management" scope');
  return [...scopes].sort() as KeyScope[];
}

/** Published with a key's hash whenever it changes or is revoked; every replica drops its cached copy. */
export const KEY_CHANGED_CHANNEL = 'gw:key-changed';

@Injectable()
export class KeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly pubsub: PubSubService,
    private readonly budgets: BudgetSpendReader,
    private readonly audit: AuditService,
    private readonly access: KeyModelAccess,
  ) {}

  async create(caller: AuthUser, dto: CreateKeyDto): Promise<CreatedKeyView> {
    if (dto.teamId) await this.teamManager(caller, dto.teamId);
    // A team key's user is who holds it: the owner or admin who made it, or a member they made it for.
    const userId = dto.teamId ? await this.teamKeyHolder(dto.teamId, caller, dto.userId) : this.ownerFor(caller, dto.userId);
    await this.access.check(userId === caller.id ? caller : userId, dto.teamId ?? null, dto.models ?? []);
    const expiresAt = futureOrNull(dto.expiresAt);
    const plaintext = generateApiKey();
    const budget = budgetColumns(keyBudgetRequest(dto.quotaUsd, dto.budget));
    const fields: Partial<ApiKey> = {
      userId,
      teamId: dto.teamId ?? null,
      name: dto.name,
      prefix: keyPrefixOf(plaintext),
      keyHash: hashApiKey(plaintext),
      models: dto.models ?? [],
      quotaMicros: budget?.micros ?? null,
      ...(budget?.period && { budgetPeriod: budget.period, budgetAlerts: budget.alerts }),
      rpm: dto.rpm ?? null,
      tpm: dto.tpm ?? null,
      expiresAt,
      allowedOrigins: normaliseOrigins(dto.allowedOrigins),
      scopes: grantable(caller, dto.scopes ?? ['gateway']),
    };
    const key = await this.audit.transaction(async (tx) => {
      const created = await this.keys.create(fields, tx.em);
      tx.record({ action: 'key.create', targetType: 'api_key', targetId: created.id, after: keyAudit(created) });
      return created;
    });
    return { ...(await this.view(key)), key: plaintext };
  }

  async list(caller: AuthUser, userId?: string): Promise<KeyView[]> {
    return this.views(await this.keys.listForUser(this.ownerFor(caller, userId)));
  }

  /** A team's keys: all of them for its owners and admins; a member's own (made for them) for a member. */
  async listForTeam(caller: AuthUser, teamId: string): Promise<KeyView[]> {
    const role = await this.keys.teamRole(teamId, caller.id);
    if (role === 'member' && caller.role !== 'admin') return this.views((await this.keys.listForTeam(teamId)).filter((k) => k.userId === caller.id));
    await this.teamManager(caller, teamId);
    return this.views(await this.keys.listForTeam(teamId));
  }

  /**
   * Revoke a deleted team's keys, or those a member who left held (in the caller's transaction);
   * returns their hashes for `keysChanged` once it commits.
   */
  revokeTeamKeys(teamId: string, em: EntityManager | undefined, holderId?: string): Promise<string[]> {
    return this.keys.revokeForTeam(teamId, em, holderId);
  }

  /** Revoked or changed keys stop (or change) at once on every replica. */
  async keysChanged(hashes: string[]): Promise<void> {
    for (const hash of hashes) await this.pubsub.publish(KEY_CHANGED_CHANNEL, hash);
  }

  /** A team changed what its keys may do: every replica reads them again. */
  async teamChanged(teamId: string): Promise<void> {
    await this.keysChanged(await this.keys.liveHashesForTeam(teamId));
  }

  countTeamKeys(teamId: string): Promise<number> {
    return this.keys.countActiveForTeam(teamId);
  }

  async get(caller: AuthUser, id: string): Promise<KeyView> {
    return this.view(await this.owned(caller, id, true));
  }

  /** The models the key's holder may use: what its edit form may offer. Read access suffices. */
  async models(caller: AuthUser, id: string): Promise<UsableModelsView> {
    const key = await this.owned(caller, id, true);
    return this.access.usable(key.userId === caller.id ? caller : key.userId, key.teamId, caller.role === 'admin');
  }

  async update(caller: AuthUser, id: string, dto: UpdateKeyDto): Promise<KeyView> {
    const key = await this.owned(caller, id);
    if (key.revokedAt) throw new BadRequestException('A revoked key cannot be changed');
    const changes: Partial<ApiKey> = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.models !== undefined) {
      await this.access.check(key.userId === caller.id ? caller : key.userId, key.teamId, dto.models);
      changes.models = dto.models;
    }
    const budget = budgetColumns(keyBudgetRequest(dto.quotaUsd, dto.budget));
    if (budget) changes.quotaMicros = budget.micros;
    if (budget?.period) [changes.budgetPeriod, changes.budgetAlerts] = [budget.period, budget.alerts!];
    if (dto.rpm !== undefined) changes.rpm = dto.rpm;
    if (dto.tpm !== undefined) changes.tpm = dto.tpm;
    if (dto.expiresAt !== undefined) changes.expiresAt = futureOrNull(dto.expiresAt);
    if (dto.allowedOrigins !== undefined) changes.allowedOrigins = normaliseOrigins(dto.allowedOrigins);
    if (dto.scopes !== undefined) changes.scopes = grantable(caller, dto.scopes);
    const updated = await this.audit.transaction(async (tx) => {
      const after = (await this.keys.update(id, changes, tx.em))!;
      tx.record({ action: 'key.update', targetType: 'api_key', targetId: id, before: keyAudit(key), after: keyAudit(after) });
      return after;
    });
    await this.keysChanged(secretHashes(key));
    return this.view(updated);
  }

  /**
   * A new secret, shown once; the replaced one keeps working for `graceSeconds` (0: refused at
   * once). Every replica drops what it cached of the key's secrets; a replica that caches the
   * old secret afterwards caches its end of grace with it, so it stops there without a notice.
   * A secret replaced earlier and still in its grace is refused from now on.
   */
  async rotate(caller: AuthUser, id: string, graceSeconds: number): Promise<CreatedKeyView> {
    const key = await this.owned(caller, id);
    if (key.revokedAt) throw new BadRequestException('A revoked key cannot be rotated');
    const plaintext = generateApiKey();
    const rotated = await this.audit.transaction(async (tx) => {
      const fields = {
        keyHash: hashApiKey(plaintext),
        prefix: keyPrefixOf(plaintext),
        previousKeyHash: key.keyHash,
        previousKeyExpiresAt: new Date(Date.now() + graceSeconds * 1000),
      };
      const after = (await this.keys.update(id, fields, tx.em))!;
      tx.record({ action: 'key.rotate', targetType: 'api_key', targetId: id, before: keyAudit(key), after: keyAudit(after) });
      return after;
    });
    await this.keysChanged(secretHashes(key));
    return { ...(await this.view(rotated)), key: plaintext };
  }

  async revoke(caller: AuthUser, id: string): Promise<void> {
    const key = await this.owned(caller, id);
    if (!key.revokedAt) {
      await this.audit.transaction(async (tx) => {
        const after = (await this.keys.update(id, { revokedAt: new Date() }, tx.em))!;
        tx.record({ action: 'key.revoke', targetType: 'api_key', targetId: id, before: keyAudit(key), after: keyAudit(after) });
      });
    }
    await this.keysChanged(secretHashes(key));
  }

  private async views(keys: ApiKey[]): Promise<KeyView[]> {
    const budgets = await this.budgets.views(keys.map((k) => ({ id: k.id, budget: keyBudget(k) })));
    return keys.map((k) => toKeyView(k, budgets.get(k.id) ?? null));
  }

  private async view(key: ApiKey): Promise<KeyView> {
    return (await this.views([key]))[0];
  }

  private ownerFor(caller: AuthUser, userId?: string): string {
    if (!userId || userId === caller.id) return caller.id;
    if (caller.role !== 'admin') throw new ForbiddenException('Only admins may manage keys of other users');
    return userId;
  }

  /** A team key's owners are the team's owners (and admins): 404 for outsiders, 403 for members. */
  private async teamManager(caller: AuthUser, teamId: string): Promise<void> {
    const role = await this.keys.teamRole(teamId, caller.id);
    if (role === null || (role === 'none' && caller.role !== 'admin')) throw new NotFoundException('Team not found');
    if (role === 'member' && caller.role !== 'admin') throw new ForbiddenException("Only the team's owners or an admin may manage its keys");
  }

  /**
   * A personal key is its user's; a team key is its team's owners' (not its creator's once they
   * leave), and may be read (not changed) by the member holding it while they are in the team. Admins: every key.
   */
  private async owned(caller: AuthUser, id: string, reading = false): Promise<ApiKey> {
    const key = await this.keys.findById(id);
    if (key && caller.role === 'admin') return key;
    if (key && !key.teamId && key.userId === caller.id) return key;
    const role = key?.teamId ? await this.keys.teamRole(key.teamId, caller.id) : null;
    if (role === 'owner' || (reading && role === 'member' && key!.userId === caller.id)) return key!;
    throw new NotFoundException('Key not found');
  }

  /** Who holds a new team key: its maker, or the member of the team it is made for. */
  private async teamKeyHolder(teamId: string, caller: AuthUser, userId?: string): Promise<string> {
    if (!userId || userId === caller.id) return caller.id;
    const role = await this.keys.teamRole(teamId, userId);
    if (role !== 'owner' && role !== 'member') throw new BadRequestException('A team key can be made for a member of the team only');
    return userId;
  }
}
