import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
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

  create(fields: Partial<Provider>) {
    return this.repo.save(this.repo.create(fields));
  }

  async update(id: string, fields: Partial<Provider>) {
    await this.repo.update({ id }, fields);
    return this.findById(id);
  }

  async remove(id: string) {
    await this.checks.delete({ providerId: id });
    await this.repo.delete({ id });
  }

  addCheck(check: Partial<ProviderHealthCheck>) {
    return this.checks.save(this.checks.create(check));
  }

  recentChecks(providerId: string, limit = 50) {
    return this.checks.find({ where: { providerId }, order: { checkedAt: 'DESC' }, take: limit });
  }
}
