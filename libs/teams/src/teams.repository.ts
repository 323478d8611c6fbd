import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { TeamMember } from './entities/team-member.entity';
import { Team } from './entities/team.entity';

@Injectable()
export class TeamsRepository {
  constructor(@InjectRepository(Team) private readonly repo: Repository<Team>) {}

  /** `em`: inside the caller's transaction. */
  create(fields: Partial<Team>, em?: EntityManager) {
    const repo = this.on(em);
    return repo.save(repo.create(fields));
  }

  findById(id: string, em?: EntityManager) {
    return this.on(em).findOneBy({ id });
  }

  findBySlug(slug: string) {
    return this.repo.findOneBy({ slug });
  }

  async update(id: string, fields: Partial<Team>, em?: EntityManager) {
    if (Object.keys(fields).length) await this.on(em).update({ id }, fields as QueryDeepPartialEntity<Team>);
    return this.findById(id, em);
  }

  /** Its memberships go with it (ON DELETE CASCADE). */
  async delete(id: string, em: EntityManager) {
    await em.getRepository(Team).delete({ id });
  }

  list(page: number, pageSize: number) {
    return this.repo.findAndCount({ order: { createdAt: 'DESC', id: 'ASC' }, skip: (page - 1) * pageSize, take: pageSize });
  }

  /** The teams a user belongs to, newest first, with the user's membership. */
  async listForMember(userId: string, page: number, pageSize: number): Promise<[TeamMember[], number]> {
    return this.repo.manager.getRepository(TeamMember).findAndCount({
      where: { userId },
      relations: { team: true },
      order: { team: { createdAt: 'DESC', id: 'ASC' } },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }

  private on(em?: EntityManager): Repository<Team> {
    return em ? em.getRepository(Team) : this.repo;
  }
}
