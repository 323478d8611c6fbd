import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ILike, Repository } from 'typeorm';
import { User } from './entities/user.entity';

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(User) private readonly repo: Repository<User>) {}

  findById(id: string) {
    return this.repo.findOneBy({ id });
  }

  findByEmail(email: string) {
    return this.repo.findOneBy({ email: email.toLowerCase() });
  }

  create(fields: Partial<User>) {
    return this.repo.save(this.repo.create({ ...fields, email: fields.email?.toLowerCase() }));
  }

  async update(id: string, fields: Partial<User>) {
    await this.repo.update({ id }, fields);
    return this.findById(id);
  }

  countAdmins() {
    return this.repo.countBy({ role: 'admin' });
  }

  count(where: Partial<Pick<User, 'active'>> = {}) {
    return this.repo.countBy(where);
  }

  list(page: number, pageSize: number, search?: string) {
    const term = search ? `%${search.replace(/[%_\\]/g, '\\$&')}%` : undefined;
    return this.repo.findAndCount({
      where: term ? [{ email: ILike(term) }, { name: ILike(term) }] : {},
      order: { createdAt: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }
}
