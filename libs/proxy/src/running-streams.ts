import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { PrincipalResolver } from '@gateway/auth';
import type { AuthUser } from '@gateway/auth-core';
import { PubSubService } from '@gateway/cache';
import { KEY_CHANGED_CHANNEL } from '@gateway/keys';
import type { ClientAbort } from '@gateway/providers';
import { USER_CHANGED_CHANNEL } from '@gateway/users';

/**
 * The streams running on this replica, by key and by user, so that revoking a key (or
 * deactivating its owner) ends them within moments rather than when they finish: on a change
 * notification the database is asked whether the caller may still use the gateway, and if not
 * each of its streams is ended with an error event in its format (charged for what it got).
 * After a break in notifications every running caller is checked again.
 */
@Injectable()
export class RunningStreams implements OnModuleInit {
  private readonly logger = new Logger('RunningStreams');
  private readonly byKey = new Map<string, Set<ClientAbort>>();
  private readonly byUser = new Map<string, Set<ClientAbort>>();

  constructor(
    private readonly resolver: PrincipalResolver,
    private readonly pubsub: PubSubService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.pubsub.subscribe(KEY_CHANGED_CHANNEL, (hash) => void this.recheck(this.byKey, hash, () => this.resolver.keyRefusal(hash)));
    await this.pubsub.subscribe(USER_CHANGED_CHANNEL, (id) => void this.recheck(this.byUser, id, () => this.resolver.userRefusal(id)));
    this.pubsub.onResync(() => void this.recheckAll());
  }

  /** Watch a stream until the returned function is called (when it ends, however it ends). */
  track(user: AuthUser, abort: ClientAbort): () => void {
    const entries: Array<[Map<string, Set<ClientAbort>>, string]> = [[this.byUser, user.id]];
    if (user.key) entries.push([this.byKey, user.key.hash]);
    for (const [map, id] of entries) {
      let set = map.get(id);
      if (!set) map.set(id, (set = new Set()));
      set.add(abort);
    }
    return () => {
      for (const [map, id] of entries) {
        const set = map.get(id);
        set?.delete(abort);
        if (set?.size === 0) map.delete(id);
      }
    };
  }

  get size(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  private async recheck(map: Map<string, Set<ClientAbort>>, id: string, refusal: () => Promise<string | null>): Promise<void> {
    if (!map.get(id)?.size) return;
    try {
      const message = await refusal();
      if (!message) return;
      const streams = [...(map.get(id) ?? [])];
      for (const abort of streams) abort.refuse(message);
      if (streams.length) this.logger.log(`ended ${streams.length} running stream(s): ${message}`);
    } catch (e) {
      this.logger.warn(`could not re-check running streams: ${(e as Error).message}`);
    }
  }

  private async recheckAll(): Promise<void> {
    for (const hash of [...this.byKey.keys()]) await this.recheck(this.byKey, hash, () => this.resolver.keyRefusal(hash));
    for (const id of [...this.byUser.keys()]) await this.recheck(this.byUser, id, () => this.resolver.userRefusal(id));
  }
}
