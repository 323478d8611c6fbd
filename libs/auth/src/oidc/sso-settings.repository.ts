import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SsoSettings } from './entities/sso-settings.entity';

@Injectable()
export class SsoSettingsRepository {
  constructor(@InjectRepository(SsoSettings) private readonly repo: Repository<SsoSettings>) {}

  find(): Promise<SsoSettings | null> {
    return this.repo.findOneBy({ id: 1 });
  }

  async save(fields: Omit<SsoSettings, 'id' | 'updatedAt'>): Promise<SsoSettings> {
    await this.repo.upsert({ ...fields, id: 1, updatedAt: new Date() }, ['id']);
    return (await this.find())!;
  }
}
