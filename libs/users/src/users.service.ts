import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '@gateway/audit';
import type { Page, UserView } from '@gateway/contracts';
import { UpdateUserDto } from './dto/update-user.dto';
import { budgetColumns, BudgetSpendReader } from '@gateway/billing';
import { PubSubService } from '@gateway/cache';
import { APP_CONFIG, type AppConfig } from '@gateway/config';
import { usdToMicros } from '@gateway/database';
import { User } from './entities/user.entity';
import { toUserView } from './user-view';
import { UsersRepository } from './users.repository';

/** Published when a user's role, tier or active flag changes, so every replica drops cached state. */
export const USER_CHANGED_CHANNEL = 'gw:user-changed';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly pubsub: PubSubService,
    private readonly budgets: BudgetSpendReader,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundException('User not found');
    return user;
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findByEmail(email);
  }

  /** Users by id; unknown ids are left out. */
  findByIds(ids: string[]): Promise<User[]> {
    return this.users.findByIds(ids);
  }

  async list(page: number, pageSize: number, search?: string): Promise<Page<UserView>> {
    const [rows, total] = await this.users.list(page, pageSize, search);
    return { items: await this.views(rows), total, page, pageSize };
  }

  /** `by`: the record's actor and context when no admin's request makes the change (an SSO sign-in following its claims). */
  async update(id: string, dto: UpdateUserDto, by?: { actorUserId: string; detail: object }): Promise<UserView> {
    const { budget: budgetRequest, lowBalanceUsd, ...changes } = dto as UpdateUserDto & Partial<User>;
    const budget = budgetColumns(budgetRequest);
    if (budget) changes.budgetMicros = budget.micros;
    if (budget?.period) [changes.budgetPeriod, changes.budgetAlerts] = [budget.period, budget.alerts!];
    // A new mark is armed afresh: the next charge below it alerts.
    if (lowBalanceUsd !== undefined) [changes.lowBalanceMicros, changes.lowBalanceAlerted] = [lowBalanceUsd === null ? null : usdToMicros(lowBalanceUsd), false];
    const demotes = (changes.role !== undefined && changes.role !== 'admin') || changes.active === false;
    const user = await this.audit.transaction(async (tx) => {
      const before = await this.users.findById(id, tx.em);
      if (!before) throw new NotFoundException('User not found');
      if (demotes && !(await this.users.updateKeepingAnAdmin(id, changes, tx.em))) {
        throw new ConflictException('This is the last active admin: make another user an active admin before demoting or deactivating this one');
      }
      const after = (demotes || !Object.keys(changes).length ? await this.users.findById(id, tx.em) : await this.users.update(id, changes, tx.em))!;
      tx.record({ action: 'user.update', targetType: 'user', targetId: id, before: userAudit(before), after: userAudit(after), ...by });
      return after;
    });
    await this.pubsub.publish(USER_CHANGED_CHANNEL, id);
    return this.view(user);
  }

  /** Views with balance and budget (admin listings, /users/me). */
  async views(users: User[]): Promise<UserView[]> {
    const budgets = await this.budgets.views(users.map((u) => ({ id: u.id, budget: userBudget(u) })));
    return users.map((u) => toUserView(u, budgets.get(u.id) ?? null));
  }

  async view(user: User): Promise<UserView> {
    return (await this.views([user]))[0];
  }

  /** One user's whole view: with the rate limits their tier gives keys that set none. */
  async detail(user: User): Promise<UserView> {
    const { rpm, tpm } = this.config.limits;
    return { ...(await this.view(user)), limits: { rpm: rpm[user.tier], tpm: tpm[user.tier] } };
  }
}

export const userBudget = (u: Pick<User, 'budgetMicros' | 'budgetPeriod' | 'budgetAlerts'>) => ({ micros: u.budgetMicros, period: u.budgetPeriod, alerts: u.budgetAlerts });

/** What the audit log keeps of a user. */
export const userAudit = (u: User) => ({
  email: u.email,
  name: u.name,
  role: u.role,
  tier: u.tier,
  active: u.active,
  budget: u.budgetMicros === null ? null : { micros: u.budgetMicros, period: u.budgetPeriod, alerts: u.budgetAlerts },
  lowBalanceMicros: u.lowBalanceMicros,
});
