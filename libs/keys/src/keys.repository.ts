import type { AuthTeam } from '@gateway/auth-core';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { ApiKey } from './entities/api-key.entity';

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectRepository(ApiKey) private readonly repo: Repository<ApiKey>) {}

  /** `em`: inside the caller's transaction. */
  create(fields: Partial<ApiKey>, em?: EntityManager) {
    const repo = this.on(em);
    return repo.save(repo.create(fields));
  }

  findById(id: string, em?: EntityManager) {
    return this.on(em).findOneBy({ id });
  }

  /** The key a secret belongs to: its current one, or one rotated out (the caller checks that one's grace). */
  findByHash(hash: string) {
    return this.repo.findOne({ where: [{ keyHash: hash }, { previousKeyHash: hash }] });
  }

  /** A user's personal keys (team keys are listed by team). */
  listForUser(userId: string) {
    return this.repo.find({ where: { userId, teamId: IsNull() }, order: { createdAt: 'DESC' } });
  }

  listForTeam(teamId: string) {
    return this.repo.find({ where: { teamId }, order: { createdAt: 'DESC' } });
  }

  /**
   * The user's role in a team, 'none' for a team they are not in, or null when there is no such
   * team. Read here rather than through the teams lib, which sits above keys (it revokes a
   * deleted team's keys).
   */
  async teamRole(teamId: string, userId: string): Promise<'owner' | 'member' | 'none' | null> {
    const [row] = await this.repo.query('SELECT (SELECT role FROM team_members WHERE team_id = t.id AND user_id = $2) AS role FROM teams t WHERE t.id = $1', [teamId, userId]);
    return row ? (row.role ?? 'none') : null;
  }

  /** A team's models and limits, as its keys carry them (read here for the same reason as `teamRole`); null if it is gone. */
  async teamLimits(teamId: string): Promise<AuthTeam | null> {
    const [row] = await this.repo.query('SELECT allowed_models, rpm, tpm, budget_micros, budget_period FROM teams WHERE id = $1', [teamId]);
    if (!row) return null;
    const budget = row.budget_micros === null ? null : { micros: Number(row.budget_micros), period: row.budget_period };
    return { models: row.allowed_models, rpm: row.rpm, tpm: row.tpm, budget };
  }

  /** The secret hashes of a team's live keys (rotated-out ones included). */
  async liveHashesForTeam(teamId: string): Promise<string[]> {
    const keys = await this.repo.find({ select: { keyHash: true, previousKeyHash: true }, where: { teamId, revokedAt: IsNull() } });
    return keys.flatMap((k) => (k.previousKeyHash ? [k.keyHash, k.previousKeyHash] : [k.keyHash]));
  }

  /** Revoke every live key of a team (or those `holderId` holds); returns their hashes (for the change notices). */
  async revokeForTeam(teamId: string, em?: EntityManager, holderId?: string): Promise<string[]> {
    // An UPDATE through query() answers [rows, rowCount].
    const [rows]: [Array<{ key_hash: string; previous_key_hash: string | null }>, number] = await (em ?? this.repo.manager).query(
      `UPDATE api_keys SET revoked_at = now() WHERE team_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR user_id = $2::uuid)
       RETURNING key_hash, previous_key_hash`,
      [teamId, holderId ?? null],
    );
    return rows.flatMap((r) => (r.previous_key_hash ? [r.key_hash, r.previous_key_hash] : [r.key_hash]));
  }

  countActiveForTeam(teamId: string) {
    return this.repo.countBy({ teamId, revokedAt: IsNull() });
  }

  async update(id: string, fields: Partial<ApiKey>, em?: EntityManager) {
    if (Object.keys(fields).length) await this.on(em).update({ id }, fields);
    return this.findById(id, em);
  }

  countActive() {
    return this.repo.countBy({ revokedAt: IsNull() });
  }

  /** Add spend to a key's quota counter (called by the usage writer, inside its transaction). */
  async addQuotaUsed(id: string, micros: number) {
    await this.repo.increment({ id }, 'quotaUsedMicros', micros);
  }

  private on(em?: EntityManager): Repository<ApiKey> {
    return em ? em.getRepository(ApiKey) : this.repo;
  }
}
