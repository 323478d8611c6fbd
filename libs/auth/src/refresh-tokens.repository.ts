import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { RefreshToken } from './entities/refresh-token.entity';

@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectRepository(RefreshToken) private readonly repo: Repository<RefreshToken>) {}

  create(fields: Partial<RefreshToken>) {
    return this.repo.save(this.repo.create(fields));
  }

  findByHash(tokenHash: string) {
    return this.repo.findOneBy({ tokenHash });
  }

  /** Mark a token used; false when another request already used it (a replay). */
  async markUsed(id: string): Promise<boolean> {
    const result = await this.repo.update({ id, usedAt: IsNull(), revokedAt: IsNull() }, { usedAt: new Date() });
    return (result.affected ?? 0) === 1;
  }

  async revokeFamily(familyId: string) {
    await this.repo.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeAllForUser(userId: string) {
    await this.repo.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
