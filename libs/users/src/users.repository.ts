import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, ILike, In, Repository } from 'typeorm';
import { User } from './entities/user.entity';

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(User) private readonly repo: Repository<User>) {}

  /** `em`: inside the caller's transaction. */
  findById(id: string, em?: EntityManager) {
    return this.on(em).findOneBy({ id });
  }

  findByIds(ids: string[]) {
    return ids.length ? this.repo.findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  findByEmail(email: string) {
    return this.repo.findOneBy({ email: email.toLowerCase() });
  }

  findByOidcSubject(oidcSubject: string) {
    return this.repo.findOneBy({ oidcSubject });
  }

  create(fields: Partial<User>, em?: EntityManager) {
    const repo = this.on(em);
    return repo.save(repo.create({ ...fields, email: fields.email?.toLowerCase() }));
  }

  /** Insert unless the email is taken (no error, no failed statement in PostgreSQL's log); true if inserted. */
  async createIfAbsent(fields: Partial<User>): Promise<boolean> {
    const result = await this.repo.createQueryBuilder().insert().into(User).values({ ...fields, email: fields.email?.toLowerCase() }).orIgnore().returning('id').execute();
    return result.raw.length > 0;
  }

  async update(id: string, fields: Partial<User>, em?: EntityManager) {
    await this.on(em).update({ id }, fields);
    return this.findById(id, em);
  }

  /**
   * Apply `fields` unless that leaves no active admin; false then, and nothing changed. The active
   * admins' rows are locked first (so `em` must be a transaction), so two admins demoting each
   * other at once cannot both succeed.
   */
  async updateKeepingAnAdmin(id: string, fields: Partial<User>, em: EntityManager): Promise<boolean> {
    const users = em.getRepository(User);
    const admins = await users.createQueryBuilder('u').select('u.id').where('u.role = :role AND u.active', { role: 'admin' }).setLock('pessimistic_write').getMany();
    if (admins.some((a) => a.id === id) && !admins.some((a) => a.id !== id)) return false;
    await users.update({ id }, fields);
    return true;
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

  private on(em?: EntityManager): Repository<User> {
    return em ? em.getRepository(User) : this.repo;
  }
}
