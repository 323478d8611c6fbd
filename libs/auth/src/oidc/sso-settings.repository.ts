import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { SsoSettings } from './entities/sso-settings.entity';

@Injectable()
export class SsoSettingsRepository {
  constructor(@InjectRepository(SsoSettings) private readonly repo: Repository<SsoSettings>) {}

  find(): Promise<SsoSettings | null> {
    return this.repo.findOneBy({ id: 1 });
  }

  /** In `em`'s transaction when given (the audited change). */
  async save(fields: Omit<SsoSettings, 'id' | 'updatedAt'>, em?: EntityManager): Promise<void> {
    await (em?.getRepository(SsoSettings) ?? this.repo).upsert({ ...fields, id: 1, updatedAt: new Date() }, ['id']);
  }
}
