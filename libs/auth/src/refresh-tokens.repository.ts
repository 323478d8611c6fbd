import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { RefreshToken } from './entities/refresh-token.entity';

@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectRepository(RefreshToken) private readonly repo: Repository<RefreshToken>) {}

  /** `em`: inside the caller's transaction. */
  create(fields: Partial<RefreshToken>, em?: EntityManager) {
    const repo = em ? em.getRepository(RefreshToken) : this.repo;
    return repo.save(repo.create(fields));
  }

  findByHash(tokenHash: string) {
    return this.repo.findOneBy({ tokenHash });
  }

  /** Mark a token used; false when another request already used it (a replay). */
  async markUsed(id: string): Promise<boolean> {
    const result = await this.repo.update({ id, usedAt: IsNull(), revokedAt: IsNull() }, { usedAt: new Date() });
    return (result.affected ?? 0) === 1;
  }

  /** How many live tokens of the family it revoked. */
  async revokeFamily(familyId: string, em?: EntityManager): Promise<number> {
    const result = await (em ? em.getRepository(RefreshToken) : this.repo).update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return result.affected ?? 0;
  }

  async revokeAllForUser(userId: string) {
    await this.repo.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
