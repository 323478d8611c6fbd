import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { ApiKey } from './entities/api-key.entity';

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectRepository(ApiKey) private readonly repo: Repository<ApiKey>) {}

  create(fields: Partial<ApiKey>) {
    return this.repo.save(this.repo.create(fields));
  }

  findById(id: string) {
    return this.repo.findOneBy({ id });
  }

  findByHash(keyHash: string) {
    return this.repo.findOneBy({ keyHash });
  }

  listForUser(userId: string) {
    return this.repo.find({ where: { userId }, order: { createdAt: 'DESC' } });
  }

  async update(id: string, fields: Partial<ApiKey>) {
    await this.repo.update({ id }, fields);
    return this.findById(id);
  }

  countActive() {
    return this.repo.countBy({ revokedAt: IsNull() });
  }

  /** Add spend to a key's quota counter (called by the usage writer, inside its transaction). */
  async addQuotaUsed(id: string, micros: number) {
    await this.repo.increment({ id }, 'quotaUsedMicros', micros);
  }
}
