/** One audit log record (`GET /api/v1/admin/audit`). */
export interface AuditRecordView {
  /** Position in the chain: 1, 2, 3 … with no gaps (pruning removes the oldest). */
  seq: number;
  createdAt: string;
  actorUserId: string | null;
  actorKeyId: string | null;
  /** The acting user's email and key's name and prefix as they are now (listing only; null when gone). */
  actorEmail?: string | null;
  actorKeyName?: string | null;
  actorKeyPrefix?: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** e.g. `key.create`, `provider.update`, `auth.login.failed`. */
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** What changed (`before` and/or `after`, only the fields that differ), and context kept whole (`detail`); secrets redacted. */
  diff: { before?: Record<string, unknown>; after?: Record<string, unknown>; detail?: Record<string, unknown> };
  prevHash: string;
  hash: string;
}

/** `GET /api/v1/admin/audit/verify`: the chain walked from the oldest kept record. */
export interface AuditVerifyView {
  ok: boolean;
  checked: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** The newest record's hash: note it down to detect a later rewrite of the whole tail. */
  headHash: string | null;
  /** The first record that does not verify, and why. */
  firstBreak: { seq: number; reason: string } | null;
}
