import { Logger } from '@nestjs/common';
import { RespClient, RespScript } from '@gateway/cache';
import type { UsageRecord } from '../usage-record';
import { AdmitRequest, AdmitResult, BalanceSource, CreditGate, HOLD_TTL_MS, RATE_WINDOW_MS } from './credit-gate';
import { ADMIT, LOAD, SETTLE_MANY, SWEEP } from './redis-gate.lua';
import { JournalEntryRef, SettlementJournal } from './settlement-journal';

export const OUTBOX_LIST = 'usage:outbox';
const logger = new Logger('CreditGate');
const HOLDS = 'holds';

interface PendingSettlement {
  /** The settlement's journal line: the settle script's 15 fields, tab-separated. */
  line: string;
  ref: JournalEntryRef;
}

/** At most this many settlements per script call; applied at once, without waiting for the timer, when this many wait. */
const SETTLE_BATCH_MAX = 256;
/** Fields of one settlement (see SETTLE_MANY). */
const SETTLE_FIELDS = 15;

/**
 * The gate shared by every replica: one Lua call admits (limits + hold); settlements
 * (release + charge + outbox) are journalled locally, then applied in batches.
 */
export class RedisCreditGate implements CreditGate {
  private pending: PendingSettlement[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private failures = 0;
  private readonly admitScript: RespScript;
  private readonly settleScript: RespScript;
  private readonly loadScript: RespScript;
  private readonly sweepScript: RespScript;
  private readonly creditScript: RespScript;

  constructor(
    private readonly redis: RespClient,
    private readonly source: BalanceSource,
    private readonly keyPrefix: string,
    private readonly journal: SettlementJournal,
    private readonly batchMs: number,
  ) {
    this.admitScript = new RespScript(redis, ADMIT, 5);
    this.settleScript = new RespScript(redis, SETTLE_MANY, 0);
    this.loadScript = new RespScript(redis, LOAD, 1);
    this.sweepScript = new RespScript(redis, SWEEP, 1);
    this.creditScript = new RespScript(redis, CREDIT, 1);
    for (const { line, ref } of journal.recover()) {
      const fields = line.split('\t').length;
      if (fields === SETTLE_FIELDS) this.pending.push({ line, ref });
      else logger.error(`settlement journal: skipped an unreadable entry (${fields} fields): ${line.slice(0, 200)}`);
    }
    if (this.pending.length) {
      logger.warn(`settlement journal: applying ${this.pending.length} settlement(s) left by a stopped process`);
      this.schedule(0);
    }
  }

  async admit(req: AdmitRequest): Promise<AdmitResult> {
    // Settlements waiting for their batch go now, in the same write() and round trip as
    // this admission (RespClient sends the commands of one tick together): under load, settling costs
    // no wake-up or system call of its own, and the admission sees the holds released.
    if (this.pending.length && !this.flushing && !this.failures) this.flush().catch(() => undefined);
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = Date.now();
      const [status, value, limit, remaining, reset] = await this.admitScript.run<[number, string | number, number, number, number]>([
        ...keys(req, this.keyPrefix),
        now,
        req.rpm,
        req.tpm,
        req.holdMicros,
        req.quotaMicros ?? -1,
        member(req),
        now + HOLD_TTL_MS,
        RATE_WINDOW_MS,
      ]);
      const rateLimit = limit > 0 ? { limit, remaining, resetSeconds: reset } : null;
      if (status === 1) return { ok: true, holdMicros: Number(value), rateLimit };
      if (status === 0) return { ok: false, reason: value as 'rpm' | 'tpm' | 'credits' | 'quota', retryAfterSeconds: Math.max(reset, 1), rateLimit };
      // Not loaded yet: fetch the committed figure from the database, then try again.
      if (status === -1) await this.loadScript.run([`${this.keyPrefix}bal:${req.userId}`, 'b', await this.source.balanceMicros(req.userId)]);
      else await this.loadScript.run([`${this.keyPrefix}kq:${req.keyId}`, 'u', await this.source.quotaUsedMicros(req.keyId!)]);
    }
    throw new Error('credit gate: balance could not be loaded');
  }

  /**
   * Durable when it returns (one write() to the local journal); applied in Redis with the
   * next admission or within `batchMs`, together with the others of that moment, in one script call.
   */
  async settle(req: AdmitRequest & { holdMicros: number }, record: UsageRecord, tokens: number): Promise<void> {
    const [, tpmKey, balKey, quotaKey, holdsKey] = keys(req); // unprefixed: the script adds the prefix
    const owner = member(req);
    const hasQuota = req.quotaMicros !== null && req.keyId ? 1 : 0;
    // The journal line is also what the script gets: no field holds a tab (the record is JSON, which escapes it).
    const line =
      `${balKey}\t${quotaKey}\t${holdsKey}\t${tpmKey}\tsettled:${req.requestId}\t${OUTBOX_LIST}\t${owner}|${req.holdMicros}\t${req.holdMicros}\t` +
      `${record.costMicros}\t${tokens}\t${Date.now()}\t${hasQuota}\t${RATE_WINDOW_MS}\t${JSON.stringify(record)}\t${owner}`;
    this.pending.push({ line, ref: this.journal.append(line) });
    this.schedule(this.pending.length >= SETTLE_BATCH_MAX ? 0 : this.batchMs);
  }

  /** Apply every journalled settlement now (before the outbox is drained, and at shutdown). */
  async flush(): Promise<void> {
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

  /** At shutdown, after the final flush: the journal's file goes if nothing in it is left unapplied. */
  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.journal.close();
    this.redis.close();
  }

  private schedule(ms: number): void {
    if (this.timer && ms > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch(() => undefined); // kept and retried; the usage writer logs failures
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
      this.journal.confirm(batch.map((item) => item.ref));
      this.failures = 0;
    } catch (e) {
      this.failures++;
      this.pending = batch.concat(this.pending);
      throw new Error(`${batch.length} settlement(s) not applied in Redis yet (kept in the journal, retried): ${(e as Error).message}`);
    }
  }

  async credit(userId: string, micros: number): Promise<void> {
    // Only adjust a loaded balance; an unloaded one is read from the database (grant included) on first use.
    await this.creditScript.run([`${this.keyPrefix}bal:${userId}`, micros]);
  }

  async sweep(now = Date.now()): Promise<number> {
    return this.sweepScript.run<number>([this.keyPrefix + HOLDS, now, this.keyPrefix]);
  }
}

const CREDIT = "if redis.call('HEXISTS', KEYS[1], 'b') == 1 then redis.call('HINCRBY', KEYS[1], 'b', ARGV[1]) end return 1";

const subject = (req: AdmitRequest) => req.keyId ?? `u:${req.userId}`;

function keys(req: AdmitRequest, prefix = ''): [string, string, string, string, string] {
  const s = subject(req);
  return [`${prefix}rl:${s}:r`, `${prefix}rl:${s}:t`, `${prefix}bal:${req.userId}`, `${prefix}kq:${req.keyId ?? 'none'}`, prefix + HOLDS];
}

/** `userId|keyId-if-quota|requestId`; the hold amount is appended by the script. */
function member(req: AdmitRequest): string {
  return `${req.userId}|${req.quotaMicros !== null && req.keyId ? req.keyId : ''}|${req.requestId}`;
}
