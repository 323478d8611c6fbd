import { figureWindow } from '../budget-spend.reader';
import type { UsageRecord } from '../usage-record';
import { AdmitRequest, AdmitResult, BalanceSource, CreditGate, HOLD_TTL_MS, RATE_WINDOW_MS, type RateLimitState, type RefusalReason } from './credit-gate';

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
  accountId: string;
  budgets: string[];
  micros: number;
  deadline: number;
}

/** A budget figure of a past period is forgotten this long after its end. */
const BUDGET_FIGURE_GRACE_MS = 2 * 86_400_000;

/** Expired holds are released this often. */
const SWEEP_MS = 30_000;

/**
 * The single-process gate (no REDIS_URL): same rules as the Redis one. JavaScript runs
 * one handler at a time, so check-and-take between awaits is atomic.
 */
export class MemoryCreditGate implements CreditGate {
  private readonly balances = new Map<string, Figure>();
  /** Budget spend per figure (`<subject>:<period tag>`). */
  private readonly budgets = new Map<string, Figure>();
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
    if (req.holdMicros > 0) await this.loadFigures(req);
    // From here on, no await: check and take in one synchronous step.
    const now = Date.now();
    const cur = Math.floor(now / RATE_WINDOW_MS);
    const elapsed = (now % RATE_WINDOW_MS) / RATE_WINDOW_MS;
    const reset = Math.ceil((RATE_WINDOW_MS - (now % RATE_WINDOW_MS)) / 1000);
    const subject = req.keyId ?? `u:${req.accountId}`;
    const team = `t:${req.teamId}`;
    const sliding = (s: string, kind: string) => (this.windows.get(`${s}:${kind}:${cur}`) ?? 0) + (this.windows.get(`${s}:${kind}:${cur - 1}`) ?? 0) * (1 - elapsed);
    let rateLimit: RateLimitState | null = null;
    const refuse = (reason: RefusalReason): AdmitResult => ({ ok: false, reason, retryAfterSeconds: reset, rateLimit });
    if (req.rpm > 0) {
      const used = sliding(subject, 'r');
      rateLimit = { limit: req.rpm, remaining: Math.max(Math.floor(req.rpm - used - 1), 0), resetSeconds: reset };
      if (used + 1 > req.rpm) return { ok: false, reason: 'rpm', retryAfterSeconds: reset, rateLimit: { ...rateLimit, remaining: 0 } };
    }
    if (req.tpm > 0 && sliding(subject, 't') >= req.tpm) return refuse('tpm');
    if (req.teamRpm && sliding(team, 'r') + 1 > req.teamRpm) return refuse('team_rpm');
    if (req.teamTpm && sliding(team, 't') >= req.teamTpm) return refuse('team_tpm');
    let hold = 0;
    if (req.holdMicros > 0) {
      const balance = this.balances.get(req.accountId)!;
      const available = balance.committed - balance.reserved;
      if (available <= 0) return refuse('credits');
      hold = Math.min(req.holdMicros, available);
      let flagged: Figure = balance;
      let reason: RefusalReason = 'credits';
      const budgets: Array<[string, Figure]> = [];
      for (const [limit, why] of [[req.keyBudget, 'budget_key'], [req.accountBudget, 'budget_account']] as const) {
        if (!limit) continue;
        const figure = this.budgets.get(limit.figure)!;
        const left = limit.micros - figure.committed - figure.reserved;
        if (left <= 0) return refuse(why);
        if (left < hold) [hold, flagged, reason] = [left, figure, why];
        budgets.push([limit.figure, figure]);
      }
      // A hold below the estimate may be overspent: one such request at a time per figure bounds the overspend.
      if (hold < req.holdMicros) {
        if (flagged.partial) return refuse(reason);
        flagged.partial = req.requestId;
      }
      for (const [, figure] of budgets) figure.reserved += hold;
      balance.reserved += hold;
      this.holds.set(req.requestId, { accountId: req.accountId, budgets: budgets.map(([id]) => id), micros: hold, deadline: now + HOLD_TTL_MS });
    }
    if (req.rpm > 0) this.bump(`${subject}:r:${cur}`, 1);
    if (req.teamRpm) this.bump(`${team}:r:${cur}`, 1);
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
      for (const limit of [req.keyBudget, req.accountBudget]) {
        const figure = limit && this.budgets.get(limit.figure);
        if (figure) figure.committed += record.costMicros;
      }
    }
    if (tokens > 0) {
      const window = Math.floor(Date.now() / RATE_WINDOW_MS);
      this.bump(`${req.keyId ?? `u:${req.accountId}`}:t:${window}`, tokens);
      if (req.teamId) this.bump(`t:${req.teamId}:t:${window}`, tokens);
    }
    this.outbox(record);
  }

  /** The committed figures this request is checked against, read from the database on first sight. */
  private async loadFigures(req: AdmitRequest): Promise<void> {
    if (!this.balances.has(req.accountId)) {
      const committed = await this.source.balanceMicros(req.accountId);
      if (!this.balances.has(req.accountId)) this.balances.set(req.accountId, { committed, reserved: 0 });
    }
    for (const limit of [req.keyBudget, req.accountBudget]) {
      if (!limit || this.budgets.has(limit.figure)) continue;
      const committed = await this.source.budgetSpentMicros(limit.figure);
      if (!this.budgets.has(limit.figure)) this.budgets.set(limit.figure, { committed, reserved: 0 });
    }
  }

  async flush(): Promise<void> {
    // settlements apply at once in process
  }

  async credit(accountId: string, micros: number): Promise<void> {
    const balance = this.balances.get(accountId);
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
    for (const [id, figure] of this.budgets) {
      const end = figureWindow(id)?.window.end;
      if (end && end.getTime() + BUDGET_FIGURE_GRACE_MS < now && !figure.reserved) this.budgets.delete(id);
    }
    return released;
  }

  private release(requestId: string): boolean {
    const hold = this.holds.get(requestId);
    if (!hold) return false;
    this.holds.delete(requestId);
    for (const figure of [this.balances.get(hold.accountId), ...hold.budgets.map((id) => this.budgets.get(id))]) {
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
