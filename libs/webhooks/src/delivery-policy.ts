/** Attempts per delivery, the first included; after the last failure the delivery is `failed`. */
export const MAX_ATTEMPTS = 6;
export const ATTEMPT_TIMEOUT_MS = 10_000;
/** While an attempt runs its row is leased: a duplicate job skips it, and the sweep retries it if the process died. */
export const LEASE_MS = 60_000;
/** A pending row overdue by this much has lost its job (its delayed job would have claimed it by now). */
export const SWEEP_GRACE_MS = 30_000;
/** A job may fire a little before the database's clock says the attempt is due. */
export const CLOCK_SKEW_MS = 2_000;

/** 10 s, 1 min, 5 min, 30 min, 2 h with the default 10 s base. */
const MULTIPLIERS = [1, 6, 30, 180, 720];

/** How long to wait after failed attempt `attempt` (1-based); null when it was the last. */
export function retryDelayMs(attempt: number, baseMs: number): number | null {
  if (attempt >= MAX_ATTEMPTS) return null;
  return baseMs * MULTIPLIERS[Math.min(attempt, MULTIPLIERS.length) - 1];
}

/** Job id of one attempt of one delivery (readable in the admin jobs view). */
export const deliveryJobId = (deliveryId: string, attempt: number) => `webhook-${deliveryId}-${attempt}`;
