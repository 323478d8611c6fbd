import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { Page, UpdateUserRequest, UserView } from '@gateway/contracts';
import { PubSubService } from '@gateway/cache';
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
    return { items: rows.map((u) => toUserView(u, true)), total, page, pageSize };
  }

  async update(id: string, changes: UpdateUserRequest): Promise<UserView> {
    await this.get(id);
    const demotes = (changes.role !== undefined && changes.role !== 'admin') || changes.active === false;
    if (demotes && !(await this.users.updateKeepingAnAdmin(id, changes))) {
      throw new ConflictException('This is the last active admin: make another user an active admin before demoting or deactivating this one');
    }
    const user = demotes ? await this.users.findById(id) : await this.users.update(id, changes);
    await this.pubsub.publish(USER_CHANGED_CHANNEL, id);
    return toUserView(user!, true);
  }
}
