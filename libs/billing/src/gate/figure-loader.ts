import { RespClient, RespScript } from '@gateway/cache';
import { figureWindow } from '../budget-spend.reader';
import type { BalanceSource } from './credit-gate';
import { SETTLED_MARKER } from './gate-keys';
import { LOAD } from './redis-gate.lua';

/** A budget figure of a period lives this long after the period's end (late settlements still find it). */
const BUDGET_FIGURE_GRACE_MS = 2 * 86_400_000;

/** Puts a balance or a budget's spend into Redis from PostgreSQL, when Redis has none (first sight, or it lost it). */
export class FigureLoader {
  private readonly script: RespScript;

  constructor(
    private readonly redis: RespClient,
    private readonly source: BalanceSource,
    private readonly keyPrefix: string,
  ) {
    this.script = new RespScript(redis, LOAD, 2);
  }

  /**
   * The committed figure, with the charges settled while Redis had none (it lost them) that
   * PostgreSQL does not have yet: both read in one snapshot, so each charge is counted once
   * whether its row landed before the load or after.
   */
  async load(kind: 'balance' | 'budget', id: string): Promise<void> {
    const key = `${kind === 'balance' ? 'bal' : 'bg'}:${id}`;
    const pendKey = `${this.keyPrefix}pend:${key}`;
    const pending = ((await this.redis.call(['HKEYS', pendKey])) as string[]).map((m) => m.slice(SETTLED_MARKER.length));
    const { micros, recorded } = await this.source.committed(kind, id, pending);
    const end = kind === 'budget' ? figureWindow(id)?.window.end : null;
    const ttl = end ? Math.max(end.getTime() - Date.now(), 0) + BUDGET_FIGURE_GRACE_MS : 0;
    const args = [this.keyPrefix + key, pendKey, kind === 'balance' ? 'b' : 'u', micros, kind === 'balance' ? -1 : 1, ttl, ...recorded.map((r) => SETTLED_MARKER + r)];
    await this.script.run(args);
  }
}
