import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { TeamMember } from './entities/team-member.entity';
import { Team } from './entities/team.entity';

@Injectable()
export class TeamsRepository {
  constructor(@InjectRepository(Team) private readonly repo: Repository<Team>) {}

  create(fields: Partial<Team>) {
    return this.repo.save(this.repo.create(fields));
  }

  findById(id: string) {
    return this.repo.findOneBy({ id });
  }

  findBySlug(slug: string) {
    return this.repo.findOneBy({ slug });
  }

  async update(id: string, fields: Partial<Team>) {
    if (Object.keys(fields).length) await this.repo.update({ id }, fields as QueryDeepPartialEntity<Team>);
    return this.findById(id);
  }

  /** Its memberships go with it (ON DELETE CASCADE). */
  async delete(id: string) {
    await this.repo.delete({ id });
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
}
