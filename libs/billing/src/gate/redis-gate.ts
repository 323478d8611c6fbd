import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { RespClient, RespScript } from '@gateway/cache';
import { type UsageRecord, usageRecordJson } from '../usage-record';
import { AdmitRequest, AdmitResult, BalanceSource, CreditGate, HOLD_TTL_MS, RATE_WINDOW_MS, type RefusalReason } from './credit-gate';
import { FigureLoader } from './figure-loader';
import { admitKeys, holdMember, SETTLED_MARKER } from './gate-keys';
import { ADMIT, SETTLE_MANY } from './redis-gate.lua';
import { ProcessHolds } from './process-holds';
import { AppliedSettlements, requestIdOf, type JournalledSettlement, type TakenSettlement } from './applied-settlements';
import { SettlementJournal } from './settlement-journal';

export const OUTBOX_LIST = 'usage:outbox';
/** `<this>:<instance>`: the request ids usage writers confirmed for that gate (comma-joined batches). */
export const CONFIRMED_LIST = 'usage:confirmed';
/** A request's settled marker is this and its id; pending charges are keyed by it too. */
const logger = new Logger('CreditGate');
/** Set when Redis is first seen; gone or changed means Redis lost its data (restarted empty, failed over). */
const EPOCH = 'gate:epoch';

/** At most this many settlements per script call; applied at once, without waiting for the timer, when this many wait. */
const SETTLE_BATCH_MAX = 256;
/** Fields of one settlement (see SETTLE_MANY); lines journalled before account budgets have 15. */
const SETTLE_FIELDS = [15, 18];
/** How often applied settlements are looked up in PostgreSQL, Redis's epoch checked and this process's heartbeat renewed. */
const MAINTAIN_MS = 1_000;
/** The journal directory is rescanned for dead owners' files this often (and at start). */
const RESCAN_MS = 15_000;
/** Applied this long ago with no confirmation from the usage writer: looked up in PostgreSQL. */
const LOOKUP_AFTER_MS = 5_000;
/** Expired holds, and those of processes known dead, are released this often. */
const SWEEP_MS = 30_000;
/** Takes (and removes) the confirmation batches the usage writers left for this gate: comma-joined request ids. */
const TAKE_CONFIRMED = `
local batches = redis.call('LRANGE', KEYS[1], 0, 199)
if #batches > 0 then redis.call('LTRIM', KEYS[1], #batches, -1) end
return batches
`;

/**
 * The gate shared by every replica: one Lua call admits (limits + hold); settlements
 * (release + charge + outbox) are journalled locally, then applied in batches, and leave the
 * journal once PostgreSQL has their usage row (AppliedSettlements). Each process keeps its
 * holds in its own set with a heartbeat, so a dead process's holds are released within
 * seconds of its death being known.
 */
export class RedisCreditGate implements CreditGate {
  private pending: JournalledSettlement[] = [];
  private readonly applied = new AppliedSettlements();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private failures = 0;
  private readonly holds: ProcessHolds;
  private readonly maintenance: NodeJS.Timeout;
  private maintaining: Promise<void> | null = null;
  private epoch: string | null = null;
  private lastRescan = 0;
  private lastSweep = 0;
  /** The first maintenance (the journal's first rescan): flush() waits for it. */
  private readonly started: Promise<void>;
  private readonly admitScript: RespScript;
  private readonly settleScript: RespScript;
  private readonly figures: FigureLoader;
  private readonly creditScript: RespScript;
  private readonly takeScript: RespScript;

  constructor(
    private readonly redis: RespClient,
    private readonly source: BalanceSource,
    private readonly keyPrefix: string,
    private readonly journal: SettlementJournal,
    private readonly batchMs: number,
  ) {
    this.admitScript = new RespScript(redis, ADMIT, 8);
    this.settleScript = new RespScript(redis, SETTLE_MANY, 0);
    this.figures = new FigureLoader(redis, source, keyPrefix);
    this.creditScript = new RespScript(redis, CREDIT, 1);
    this.takeScript = new RespScript(redis, TAKE_CONFIRMED, 1);
    this.holds = new ProcessHolds(redis, keyPrefix, journal.instance);
    this.maintenance = setInterval(() => void this.maintain(), MAINTAIN_MS).unref();
    this.started = this.maintain();
  }

  async admit(req: AdmitRequest): Promise<AdmitResult> {
    // Settlements waiting for their batch go now, in the same write() and round trip as
    // this admission (RespClient sends the commands of one turn of the loop together): under load, settling costs
    // no wake-up or system call of its own, and the admission sees the holds released.
    if (this.pending.length && !this.flushing && !this.failures) this.applyAll().catch(() => undefined);
    // Up to three figures to load (balance, key budget, account budget), then the admission itself.
    for (let attempt = 0; attempt < 4; attempt++) {
      const now = Date.now();
      const [status, value, limit, remaining, reset] = await this.admitScript
        .run<[number, string | number, number, number, number]>([
          ...admitKeys(req, this.holds.key, this.keyPrefix),
          now,
          req.rpm,
          req.tpm,
          req.holdMicros,
          req.keyBudget?.micros ?? -1,
          holdMember(req),
          now + HOLD_TTL_MS,
          RATE_WINDOW_MS,
          req.accountBudget?.micros ?? -1,
          req.teamRpm ?? 0,
          req.teamTpm ?? 0,
        ])
        .catch((e: unknown) => {
          if (req.holdMicros > 0) this.holds.unanswered(now + HOLD_TTL_MS, holdMember(req));
          throw e;
        });
      const rateLimit = limit > 0 ? { limit, remaining, resetSeconds: reset } : null;
      if (status === 1) return { ok: true, holdMicros: Number(value), rateLimit };
      if (status === 0) return { ok: false, reason: value as RefusalReason, retryAfterSeconds: Math.max(reset, 1), rateLimit };
      // Not loaded yet (first sight, or Redis lost it): fetch the committed figure from the database, then try again.
      await (status === -1 ? this.figures.load('balance', req.accountId) : this.figures.load('budget', (status === -2 ? req.keyBudget : req.accountBudget)!.figure));
    }
    throw new Error('credit gate: balance could not be loaded');
  }

  /**
   * Durable when it resolves (written to the local journal, with the others of this turn of the
   * event loop in one write()); applied in Redis with the next admission or within `batchMs`,
   * together with the others of that moment, in one script call.
   */
  async settle(req: AdmitRequest & { holdMicros: number }, record: UsageRecord, tokens: number): Promise<void> {
    const [, tpmKey, balKey, keyBudget, holdsKey, accountBudget, , teamTpmKey] = admitKeys(req, this.holds.key); // unprefixed: the script adds the prefix
    const owner = holdMember(req);
    record.origin = this.journal.instance;
    // The journal line is also what the script gets: no field holds a tab (the record is JSON, which escapes it).
    const line =
      `${balKey}\t${keyBudget}\t${holdsKey}\t${tpmKey}\t${SETTLED_MARKER}${req.requestId}\t${OUTBOX_LIST}\t${owner}|${req.holdMicros}\t${req.holdMicros}\t` +
      `${record.costMicros}\t${tokens}\t${Date.now()}\t${req.keyBudget ? 1 : 0}\t${RATE_WINDOW_MS}\t${usageRecordJson(record)}\t${owner}\t` +
      `${accountBudget}\t${req.accountBudget ? 1 : 0}\t${req.teamId ? teamTpmKey : ''}`;
    const ref = this.journal.append(line);
    this.pending.push({ id: req.requestId, line, ref });
    this.schedule(this.pending.length >= SETTLE_BATCH_MAX ? 0 : this.batchMs);
    await ref.segment.durable();
  }

  /** These usage rows are in PostgreSQL (the usage writer wrote them): their journal entries are done. */
  recorded(requestIds: Iterable<string>): void {
    if (this.applied.size) this.journal.confirm(this.applied.recorded(requestIds));
  }

  get instance(): string {
    return this.journal.instance;
  }

  unconfirmed(): number {
    return this.pending.length + this.applied.size;
  }

  /** Apply every journalled settlement now (before the outbox is drained, and at shutdown). */
  async flush(): Promise<void> {
    await this.started;
    return this.applyAll();
  }

  private async applyAll(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (;;) {
      while (this.flushing) await this.flushing.catch(() => undefined);
      if (!this.pending.length) return;
      this.flushing = this.apply().finally(() => (this.flushing = null));
      try {
        await this.flushing;
      } catch (e) {
        this.schedule(this.retryMs());
        throw e;
      }
    }
  }

  /**
   * At shutdown, after the usage writer's final write: entries whose rows PostgreSQL has leave
   * the journal; the file stays (for the next process to replay) if any do not.
   */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.maintenance);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.maintaining?.catch(() => undefined);
    await this.confirmRecorded(Infinity, Infinity).catch(() => undefined);
    this.journal.close();
    this.redis.close();
  }

  async credit(accountId: string, micros: number): Promise<void> {
    // Only adjust a loaded balance; an unloaded one is read from the database (grant included) on first use.
    await this.creditScript.run([`${this.keyPrefix}bal:${accountId}`, micros]);
  }

  /** Release expired holds, and every hold of a process whose heartbeat stopped. */
  sweep(now = Date.now()): Promise<number> {
    return this.holds.sweep(now);
  }

  private schedule(ms: number): void {
    if (this.timer && ms > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.applyAll().catch(() => undefined); // kept and retried; the usage writer logs failures
    }, ms);
  }

  private retryMs(): number {
    return Math.min(100 * 2 ** this.failures, 5_000);
  }

  private async apply(): Promise<void> {
    const batch = this.pending.splice(0, SETTLE_BATCH_MAX);
    try {
      const args: string[] = [this.keyPrefix];
      for (const item of batch) args.push(item.line);
      // One script call for the whole batch; on NOSCRIPT (Redis restarted) it is loaded and run again.
      // A call cut short is simply run again later: settled markers skip what it had applied.
      await this.settleScript.run(args);
      this.applied.add(batch);
      this.failures = 0;
    } catch (e) {
      this.failures++;
      this.pending = batch.concat(this.pending);
      throw new Error(`${batch.length} settlement(s) not applied in Redis yet (kept in the journal, retried): ${(e as Error).message}`);
    }
  }

  /** Once a second: heartbeat, Redis data loss, PostgreSQL confirmations, and now and then the journal rescan. */
  private maintain(): Promise<void> {
    this.maintaining ??= (async () => {
      try {
        await this.holds.heartbeat();
        if (await this.redisLostData()) {
          await this.confirmRecorded(Infinity, Infinity);
          this.reapply(this.readBack(this.applied.take()), 'Redis lost its data (restarted empty or failed over)');
        }
      } catch {
        // Redis or PostgreSQL unreachable: the next tick tries again
      }
      await this.takeConfirmations().catch(() => undefined);
      await this.confirmRecorded().catch(() => undefined);
      this.reapply(this.readBack(this.applied.takeDue()), 'not in PostgreSQL yet');
      if (Date.now() - this.lastSweep >= SWEEP_MS) {
        this.lastSweep = Date.now();
        await this.holds.sweep(this.lastSweep).catch(() => undefined);
      }
      if (Date.now() - this.lastRescan >= RESCAN_MS) await this.rescan().catch((e) => logger.error(`settlement journal rescan failed: ${(e as Error).message}`));
    })().finally(() => (this.maintaining = null));
    return this.maintaining;
  }

  private async redisLostData(): Promise<boolean> {
    const key = this.keyPrefix + EPOCH;
    let current = (await this.redis.call(['GET', key])) as string | null;
    if (current === null) {
      await this.redis.call(['SET', key, randomUUID(), 'NX']);
      current = (await this.redis.call(['GET', key])) as string | null;
    }
    const lost = this.epoch !== null && current !== this.epoch;
    this.epoch = current;
    return lost;
  }

  /** What the usage writers (in any process) told this gate PostgreSQL now has. */
  private async takeConfirmations(): Promise<void> {
    for (;;) {
      const batches = await this.takeScript.run<string[]>([`${this.keyPrefix}${CONFIRMED_LIST}:${this.journal.instance}`]);
      for (const batch of batches) this.recorded(batch.split(','));
      if (batches.length < 200) return;
    }
  }

  /** Look up in PostgreSQL what no writer confirmed within LOOKUP_AFTER_MS (or everything: `before` Infinity). */
  private async confirmRecorded(before = Date.now() - LOOKUP_AFTER_MS, max = 10_000): Promise<void> {
    // Each looked up once (those still missing wait for the next tick).
    const ids = this.applied.ids(max, before);
    for (let i = 0; i < ids.length; i += 1_000) this.recorded(await this.source.recordedRequestIds(ids.slice(i, i + 1_000)));
  }

  /** Apply again: a no-op where Redis still has the settled marker; charges a figure Redis lost through LOAD's pending charges. */
  private reapply(items: JournalledSettlement[], why: string): void {
    if (!items.length) return;
    logger.warn(`applying ${items.length} settlement(s) again: ${why}`);
    this.pending.push(...items);
    this.schedule(0);
  }

  /** Applied settlements taken out, with their lines read back from the journal (in memory only their places are kept). */
  private readBack(taken: TakenSettlement[]): JournalledSettlement[] {
    if (!taken.length) return [];
    const lines = this.journal.lines(taken.map((t) => t.ref));
    const found: JournalledSettlement[] = [];
    taken.forEach((t, i) => lines[i] && found.push({ ...t, line: lines[i] }));
    if (found.length < taken.length) logger.error(`settlement journal: ${taken.length - found.length} applied settlement(s) could not be read back from their files (removed by hand?): not applied again`);
    return found;
  }

  /** Settlements left by dead processes on this data directory: applied; those processes' holds released. */
  private async rescan(): Promise<void> {
    this.lastRescan = Date.now();
    const { entries, deadOwners } = await this.journal.recover();
    const readable = entries.filter(({ line }) => {
      const fields = line.split('\t').length;
      if (!SETTLE_FIELDS.includes(fields)) logger.error(`settlement journal: skipped an unreadable entry (${fields} fields): ${line.slice(0, 200)}`);
      return SETTLE_FIELDS.includes(fields);
    });
    if (readable.length) {
      this.reapply(
        readable.map((entry) => ({ ...entry, id: requestIdOf(entry.line) })),
        'left in the journal by a stopped process',
      );
      await this.applyAll().catch(() => undefined);
    }
    for (const owner of deadOwners) if (/^i/.test(owner)) await this.holds.release(owner).catch(() => undefined);
  }
}

const CREDIT = "if redis.call('HEXISTS', KEYS[1], 'b') == 1 then redis.call('HINCRBY', KEYS[1], 'b', ARGV[1]) end return 1";
