import { Logger } from '@nestjs/common';
import { RespClient, RespScript } from '@gateway/cache';
import { RELEASE_DOUBTFUL, SWEEP } from './redis-gate.lua';
import { DoubtfulAdmissions } from './doubtful-admissions';

const logger = new Logger('CreditGate');
/** Holds of gates from before per-process hold sets (swept by deadline only). */
const LEGACY_HOLDS = 'holds';
/** The ids of every gate that has hold sets (`holds:<instance>`). */
const HOLD_OWNERS = 'holds:owners';
/** A process whose heartbeat is this old is dead: its holds are released. */
const HEARTBEAT_TTL_MS = 15_000;
/** SWEEP releases at most this many per call. */
const SWEEP_BATCH = 500;

/**
 * Each process keeps its holds in a set of its own (`holds:<instance>`) beside a heartbeat, so
 * that a dead process's holds are released within seconds of its death being known, and the
 * holds of admissions whose reply never came are found and released.
 */
export class ProcessHolds {
  /** The key of this process's holds, without the prefix. */
  readonly key: string;
  private readonly doubtful = new DoubtfulAdmissions();
  private readonly sweepScript: RespScript;
  private readonly releaseScript: RespScript;

  constructor(
    private readonly redis: RespClient,
    private readonly keyPrefix: string,
    private readonly instance: string,
  ) {
    this.key = `holds:${instance}`;
    this.sweepScript = new RespScript(redis, SWEEP, 1);
    this.releaseScript = new RespScript(redis, RELEASE_DOUBTFUL, 1);
  }

  /** This process is alive (once a second); the holds of admissions that got no reply are released. */
  async heartbeat(): Promise<void> {
    await this.redis.call(['SET', `${this.keyPrefix}alive:${this.instance}`, '1', 'PX', HEARTBEAT_TTL_MS]);
    await this.redis.call(['SADD', this.keyPrefix + HOLD_OWNERS, this.instance]);
    if (this.doubtful.size) {
      const holds = this.keyPrefix + this.key;
      await this.doubtful.release((entries) => this.releaseScript.run<number[]>([holds, this.keyPrefix, ...entries])).catch(() => undefined);
    }
  }

  /** An admission (`member` sans hold, hold `deadline`) got no reply: Redis may have placed its hold all the same. */
  unanswered(deadline: number, member: string): void {
    this.doubtful.add(deadline, member);
  }

  /** Release expired holds, and every hold of a process whose heartbeat stopped. */
  async sweep(now: number): Promise<number> {
    let released = await this.sweepScript.run<number>([this.keyPrefix + LEGACY_HOLDS, now, this.keyPrefix]);
    const owners = (await this.redis.call(['SMEMBERS', this.keyPrefix + HOLD_OWNERS])) as string[];
    for (const owner of owners) {
      const alive = owner === this.instance || (await this.redis.call(['EXISTS', `${this.keyPrefix}alive:${owner}`])) === 1;
      released += await this.release(owner, alive ? now : Infinity);
    }
    return released;
  }

  /** Release `owner`'s holds whose deadline is before `before`; all of them, and forget the owner, for Infinity (it is dead). */
  async release(owner: string, before = Infinity): Promise<number> {
    const key = `${this.keyPrefix}holds:${owner}`;
    let released = 0;
    for (;;) {
      const n = await this.sweepScript.run<number>([key, before === Infinity ? '+inf' : before, this.keyPrefix]);
      released += n;
      if (n < SWEEP_BATCH) break;
    }
    if (before === Infinity) {
      await this.redis.call(['SREM', this.keyPrefix + HOLD_OWNERS, owner]);
      if (released) logger.warn(`released ${released} hold(s) of a stopped process (${owner})`);
    }
    return released;
  }
}
