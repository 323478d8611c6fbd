import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Provider } from './entities/provider.entity';
import { ProviderHealthCheck } from './entities/provider-health-check.entity';

@Injectable()
export class ProvidersRepository {
  constructor(
    @InjectRepository(Provider) private readonly repo: Repository<Provider>,
    @InjectRepository(ProviderHealthCheck) private readonly checks: Repository<ProviderHealthCheck>,
  ) {}

  all() {
    return this.repo.find({ order: { name: 'ASC' } });
  }

  findById(id: string) {
    return this.repo.findOneBy({ id });
  }

  findByName(name: string) {
    return this.repo.findOneBy({ name });
  }

  /** `em`: inside the caller's transaction. */
  create(fields: Partial<Provider>, em?: EntityManager) {
    const repo = em ? em.getRepository(Provider) : this.repo;
    return repo.save(repo.create(fields));
  }

  async update(id: string, fields: Partial<Provider>, em?: EntityManager) {
    const repo = em ? em.getRepository(Provider) : this.repo;
    if (Object.keys(fields).length) await repo.update({ id }, fields);
    return repo.findOneBy({ id });
  }

  async remove(id: string, em: EntityManager) {
    await em.getRepository(ProviderHealthCheck).delete({ providerId: id });
    await em.getRepository(Provider).delete({ id });
  }

  addCheck(check: Partial<ProviderHealthCheck>) {
    return this.checks.save(this.checks.create(check));
  }

  recentChecks(providerId: string, limit = 50) {
    return this.checks.find({ where: { providerId }, order: { checkedAt: 'DESC' }, take: limit });
  }
}
