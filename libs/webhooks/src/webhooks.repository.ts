import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { WebhookEvent } from '@gateway/contracts';
import { Brackets, EntityManager, Repository } from 'typeorm';
import { Webhook } from './entities/webhook.entity';

/** Whose webhooks a list shows: everyone's (`all`), one team's, or a user's own plus their teams'. */
export type WebhookScope = { all: true } | { teamId: string } | { userId: string; teamIds: string[] };

/** Whose events: a user's or a team's. */
export type WebhookAccount = { userId: string } | { teamId: string };

@Injectable()
export class WebhooksRepository {
  constructor(@InjectRepository(Webhook) private readonly repo: Repository<Webhook>) {}

  /** `em`: inside the caller's transaction. */
  create(fields: Partial<Webhook>, em?: EntityManager) {
    const repo = em ? em.getRepository(Webhook) : this.repo;
    return repo.save(repo.create(fields));
  }

  findById(id: string) {
    return this.repo.findOneBy({ id });
  }

  list(scope: WebhookScope, page: number, pageSize: number): Promise<[Webhook[], number]> {
    const q = this.repo.createQueryBuilder('w').orderBy('w.created_at', 'DESC').addOrderBy('w.id', 'DESC').skip((page - 1) * pageSize).take(pageSize);
    if ('teamId' in scope) q.where('w.team_id = :teamId', { teamId: scope.teamId });
    if ('userId' in scope) {
      const mine = new Brackets((b) => {
        b.where('w.user_id = :userId', { userId: scope.userId });
        if (scope.teamIds.length) b.orWhere('w.team_id IN (:...teamIds)', { teamIds: scope.teamIds });
      });
      q.where(mine);
    }
    return q.getManyAndCount();
  }

  /** The account's enabled webhooks subscribed to `event`. */
  subscribed(account: WebhookAccount, event: WebhookEvent): Promise<Webhook[]> {
    const column = 'userId' in account ? 'user_id' : 'team_id';
    const id = 'userId' in account ? account.userId : account.teamId;
    return this.repo
      .createQueryBuilder('w')
      .where(`w.${column} = :id`, { id })
      .andWhere('w.disabled_at IS NULL')
      .andWhere(':event = ANY(w.events)', { event })
      .getMany();
  }

  /** Webhooks whose secret was sealed with another key than the current one (`prefix`). */
  sealedWithOtherKeys(prefix: string): Promise<Array<Pick<Webhook, 'id' | 'secretEnc'>>> {
    return this.repo.createQueryBuilder('w').select(['w.id', 'w.secretEnc']).where('starts_with(w.secret_enc, :prefix) = false', { prefix }).getMany();
  }

  async updateSecret(id: string, secretEnc: string) {
    await this.repo.update({ id }, { secretEnc });
  }

  /** Its deliveries go with it (ON DELETE CASCADE). */
  async delete(id: string, em?: EntityManager) {
    await (em ? em.getRepository(Webhook) : this.repo).delete({ id });
  }
}
