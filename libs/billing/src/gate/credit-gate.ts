import type { BudgetLimit } from '../budget-period';
import type { UsageRecord } from '../usage-record';

/** One request asking to pass: its limits and the hold it wants. */
export interface AdmitRequest {
  requestId: string;
  /**
   * The billing account whose credits are held and charged: the caller's own (their user id),
   * or a team's (its id) for a team key. Ids are UUIDs, unique across users and teams.
   */
  accountId: string;
  keyId: string | null;
  /** Requests per minute allowed (0: no limit). Keyed by API key, or by user for JWT callers. */
  rpm: number;
  /** Tokens per minute allowed (0: no limit). */
  tpm: number;
  /** A team key: the team's own limits, shared by all its keys (0: none). */
  teamId?: string | null;
  teamRpm?: number;
  teamTpm?: number;
  /** The hold wanted, in micro-dollars (0 for a free model: no credit check). */
  holdMicros: number;
  /** The key's budget in its current period, if it has one. */
  keyBudget: BudgetLimit | null;
  /** The account's (the team's for a team key, else the user's), if it has one. */
  accountBudget: BudgetLimit | null;
}

export type RefusalReason = 'rpm' | 'tpm' | 'team_rpm' | 'team_tpm' | 'credits' | 'budget_key' | 'budget_account';

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window frees capacity. */
  resetSeconds: number;
}

export type AdmitResult =
  | { ok: true; holdMicros: number; rateLimit: RateLimitState | null }
  | { ok: false; reason: RefusalReason; retryAfterSeconds: number; rateLimit: RateLimitState | null };

/** Loads the committed balance / budget spend from the database when the gate has not seen them. */
export interface BalanceSource {
  balanceMicros(accountId: string): Promise<number>;
  /** A budget figure's (`<subject id>:<period tag>`) committed spend. */
  budgetSpentMicros(figure: string): Promise<number>;
  /** The committed balance or budget spend, and which of these requests' rows it includes: one snapshot. */
  committed(kind: 'balance' | 'budget', id: string, requestIds: string[]): Promise<{ micros: number; recorded: string[] }>;
  /** Of these request ids, those whose usage row is in the database. */
  recordedRequestIds(requestIds: string[]): Promise<string[]>;
}

/**
 * Rate limits and credit holds, checked and taken in one atomic step; released and
 * charged at settlement, exactly once per request id, with the usage record written
 * to the durable outbox in the same step.
 */
export interface CreditGate {
  admit(request: AdmitRequest): Promise<AdmitResult>;
  /** Durable when it resolves (the record cannot be lost); may be applied a few ms later. */
  settle(admitted: AdmitRequest & { holdMicros: number }, record: UsageRecord, tokens: number): Promise<void>;
  /** Apply every settlement still waiting (before the outbox is read, and at shutdown). */
  flush(): Promise<void>;
  /** Credits added (a grant): raise the gate's view of the balance. */
  credit(accountId: string, micros: number): Promise<void>;
  /** Release holds older than their deadline, and those of processes known dead (each gate does so every 30 s). Returns how many. */
  sweep(now?: number): Promise<number>;
  /** These usage rows are in PostgreSQL: settlements kept until then may be forgotten. */
  recorded(requestIds: Iterable<string>): void;
  /** Settlements this process holds that PostgreSQL does not have yet (journalled, or applied and unconfirmed). */
  unconfirmed(): number;
  /** This gate's instance id, which its usage records carry as `origin` (none: it needs no confirmations). */
  readonly instance?: string;
}

export const CREDIT_GATE = Symbol('CREDIT_GATE');
export const RATE_WINDOW_MS = 60_000;
/** A hold not settled within this time belongs to a dead process. */
export const HOLD_TTL_MS = 15 * 60_000;
