import type { UsageRecord } from '../usage-record';
import { AdmitRequest, AdmitResult, BalanceSource, CreditGate, HOLD_TTL_MS, RATE_WINDOW_MS } from './credit-gate';

/**
 * A request id is remembered as settled for at least this long. In process, a second settlement
 * can only come from a caller's mistake within the same request; the guard need not last.
 */
const SETTLED_GENERATION_MS = 10 * 60_000;

interface Figure {
  committed: number;
  reserved: number;
  /** The one request allowed to hold less than its estimate. */
  partial?: string;
}

interface Hold {
  userId: string;
  quotaKeyId: string | null;
  micros: number;
  deadline: number;
}

/** Expired holds are released this often. */
const SWEEP_MS = 30_000;

/**
 * The single-process gate (no REDIS_URL): same rules as the Redis one. JavaScript runs
 * one handler at a time, so check-and-take between awaits is atomic.
 */
export class MemoryCreditGate implements CreditGate {
  private readonly balances = new Map<string, Figure>();
  private readonly quotas = new Map<string, Figure>();
  private readonly windows = new Map<string, number>();
  private readonly holds = new Map<string, Hold>();
  /** Request ids settled lately, in two generations swapped every SETTLED_GENERATION_MS (bounded memory). */
  private settled = new Set<string>();
  private settledBefore = new Set<string>();
  private generationEnds = Date.now() + SETTLED_GENERATION_MS;

  constructor(
    private readonly source: BalanceSource,
    private readonly outbox: (record: UsageRecord) => void,
  ) {
    setInterval(() => void this.sweep(), SWEEP_MS).unref();
  }

  async admit(req: AdmitRequest): Promise<AdmitResult> {
    if (req.holdMicros > 0 && !this.balances.has(req.accountId)) {
      const committed = await this.source.balanceMicros(req.accountId);
      if (!this.balances.has(req.accountId)) this.balances.set(req.accountId, { committed, reserved: 0 });
    }
    const quotaKey = req.quotaMicros !== null && req.keyId ? req.keyId : null;
    if (req.holdMicros > 0 && quotaKey && !this.quotas.has(quotaKey)) {
      const committed = await this.source.quotaUsedMicros(quotaKey);
      if (!this.quotas.has(quotaKey)) this.quotas.set(quotaKey, { committed, reserved: 0 });
    }
    // From here on, no await: check and take in one synchronous step.
    const now = Date.now();
    const cur = Math.floor(now / RATE_WINDOW_MS);
    const elapsed = (now % RATE_WINDOW_MS) / RATE_WINDOW_MS;
    const reset = Math.ceil((RATE_WINDOW_MS - (now % RATE_WINDOW_MS)) / 1000);
    const subject = req.keyId ?? `u:${req.accountId}`;
    const sliding = (kind: string) => (this.windows.get(`${subject}:${kind}:${cur}`) ?? 0) + (this.windows.get(`${subject}:${kind}:${cur - 1}`) ?? 0) * (1 - elapsed);
    let rateLimit = null;
    if (req.rpm > 0) {
      const used = sliding('r');
      rateLimit = { limit: req.rpm, remaining: Math.max(Math.floor(req.rpm - used - 1), 0), resetSeconds: reset };
      if (used + 1 > req.rpm) return { ok: false, reason: 'rpm', retryAfterSeconds: reset, rateLimit: { ...rateLimit, remaining: 0 } };
    }
    if (req.tpm > 0 && sliding('t') >= req.tpm) return { ok: false, reason: 'tpm', retryAfterSeconds: reset, rateLimit };
    let hold = 0;
    if (req.holdMicros > 0) {
      const balance = this.balances.get(req.accountId)!;
      const available = balance.committed - balance.reserved;
      if (available <= 0) return { ok: false, reason: 'credits', retryAfterSeconds: reset, rateLimit };
      hold = Math.min(req.holdMicros, available);
      let flagged: Figure = balance;
      let reason: 'credits' | 'quota' = 'credits';
      const quota = quotaKey ? this.quotas.get(quotaKey)! : undefined;
      if (quota) {
        const left = req.quotaMicros! - quota.committed - quota.reserved;
        if (left <= 0) return { ok: false, reason: 'quota', retryAfterSeconds: reset, rateLimit };
        if (left < hold) [hold, flagged, reason] = [left, quota, 'quota'];
      }
      // A hold below the estimate may be overspent: one such request at a time bounds the overspend.
      if (hold < req.holdMicros) {
        if (flagged.partial) return { ok: false, reason, retryAfterSeconds: reset, rateLimit };
        flagged.partial = req.requestId;
      }
      if (quota) quota.reserved += hold;
      balance.reserved += hold;
      this.holds.set(req.requestId, { userId: req.accountId, quotaKeyId: quotaKey, micros: hold, deadline: now + HOLD_TTL_MS });
    }
    if (req.rpm > 0) this.bump(`${subject}:r:${cur}`, 1);
    return { ok: true, holdMicros: hold, rateLimit };
  }

  async settle(req: AdmitRequest & { holdMicros: number }, record: UsageRecord, tokens: number): Promise<void> {
    if (this.settled.has(req.requestId) || this.settledBefore.has(req.requestId)) return;
    if (Date.now() >= this.generationEnds) {
      this.settledBefore = this.settled;
      this.settled = new Set();
      this.generationEnds = Date.now() + SETTLED_GENERATION_MS;
    }
    this.settled.add(req.requestId);
    this.release(req.requestId);
    if (record.costMicros > 0) {
      const balance = this.balances.get(req.accountId);
      if (balance) balance.committed -= record.costMicros;
      const quota = req.keyId && req.quotaMicros !== null ? this.quotas.get(req.keyId) : undefined;
      if (quota) quota.committed += record.costMicros;
    }
    if (tokens > 0) {
      const subject = req.keyId ?? `u:${req.accountId}`;
      this.bump(`${subject}:t:${Math.floor(Date.now() / RATE_WINDOW_MS)}`, tokens);
    }
    this.outbox(record);
  }

  async flush(): Promise<void> {
    // settlements apply at once in process
  }

  async credit(userId: string, micros: number): Promise<void> {
    const balance = this.balances.get(userId);
    if (balance) balance.committed += micros;
  }

  /** Nothing kept: the in-process gate's outbox is the file the writer drains. */
  recorded(): void {}

  /** Settled records go straight to the file outbox: nothing is held here. */
  unconfirmed(): number {
    return 0;
  }

  async sweep(now = Date.now()): Promise<number> {
    let released = 0;
    for (const [id, hold] of this.holds) if (hold.deadline <= now && this.release(id)) released++;
    return released;
  }

  private release(requestId: string): boolean {
    const hold = this.holds.get(requestId);
    if (!hold) return false;
    this.holds.delete(requestId);
    for (const figure of [this.balances.get(hold.userId)!, hold.quotaKeyId ? this.quotas.get(hold.quotaKeyId)! : undefined]) {
      if (!figure) continue;
      figure.reserved -= hold.micros;
      if (figure.partial === requestId) figure.partial = undefined;
    }
    return true;
  }

  private bump(key: string, by: number) {
    const isNew = !this.windows.has(key);
    this.windows.set(key, (this.windows.get(key) ?? 0) + by);
    if (isNew) setTimeout(() => this.windows.delete(key), RATE_WINDOW_MS * 2).unref();
  }
}
