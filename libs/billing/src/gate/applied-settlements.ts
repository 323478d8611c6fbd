import type { JournalEntryRef } from './settlement-journal';

/** A journalled settlement: its request, its line (what the settle script takes) and where to confirm it. */
export interface JournalledSettlement extends TakenSettlement {
  line: string;
}

/** An applied settlement taken out to be applied again: its line is read back from the journal. */
export interface TakenSettlement {
  id: string;
  ref: JournalEntryRef;
  /** How many times it was applied again for want of its row in PostgreSQL (each wait twice the last). */
  retries?: number;
}

/** Applied this long ago and still not in PostgreSQL: applied again (a no-op unless Redis lost it), then after 2×, 4×… up to MAX. */
export const REAPPLY_AFTER_MS = 30_000;
const REAPPLY_MAX_MS = 10 * 60_000;

/** The request id inside a settlement line (field 5 is `settled:<requestId>`), a copy that does not keep the line alive. */
export function requestIdOf(line: string): string {
  let start = 0;
  for (let i = 0; i < 4; i++) start = line.indexOf('\t', start) + 1;
  return Buffer.from(line.slice(start + 'settled:'.length, line.indexOf('\t', start))).toString();
}

/**
 * Settlements applied in Redis whose usage row is not yet known to be in PostgreSQL. They stay
 * in the journal (and here) until it is: a Redis that restarts empty, or fails over to a replica
 * that missed the last writes, loses the outbox entries and balance changes it held, and the
 * journal is then the only copy. Applying one again is safe: the settle script skips a request
 * it has settled (its marker), and the database skips a row it has. Only where each one is in
 * the journal is kept, not its line: a thousand requests a second held for a second or two would
 * otherwise move a megabyte a second into V8's old generation (see JournalIndex).
 */
export class AppliedSettlements {
  /** A request settled twice (a retried call) has two journal entries: both are confirmed together. */
  private readonly byRequest = new Map<string, { refs: JournalEntryRef[]; appliedAt: number; retries: number; due: number }>();

  get size(): number {
    return this.byRequest.size;
  }

  add(batch: TakenSettlement[], now = Date.now()): void {
    for (const { id, ref, retries = 0 } of batch) {
      const due = now + Math.min(REAPPLY_AFTER_MS * 2 ** retries, REAPPLY_MAX_MS);
      const known = this.byRequest.get(id);
      if (known) {
        if (!known.refs.includes(ref)) known.refs.push(ref);
        known.appliedAt = now;
        known.due = due;
      } else this.byRequest.set(id, { refs: [ref], appliedAt: now, retries, due });
    }
  }

  /** Forget those now in PostgreSQL; returns their journal places, to confirm. */
  recorded(requestIds: Iterable<string>): JournalEntryRef[] {
    const refs: JournalEntryRef[] = [];
    for (const id of requestIds) {
      const item = this.byRequest.get(id);
      if (!item) continue;
      refs.push(...item.refs);
      this.byRequest.delete(id);
    }
    return refs;
  }

  /** Up to `max` request ids applied before `before`, oldest first, to look up in PostgreSQL. */
  ids(max: number, before = Infinity): string[] {
    const ids: string[] = [];
    for (const [id, item] of this.byRequest) {
      if (ids.length >= max) break;
      if (item.appliedAt < before) ids.push(id);
    }
    return ids;
  }

  /** Take out (to apply again) all of them (Redis lost its data). */
  take(): TakenSettlement[] {
    return this.takeWhere(() => true);
  }

  /** Take out those due to be applied again (still not in PostgreSQL), each with one more retry. */
  takeDue(now = Date.now()): TakenSettlement[] {
    return this.takeWhere((item) => item.due <= now, 1);
  }

  private takeWhere(test: (item: { due: number }) => boolean, retry = 0): TakenSettlement[] {
    const taken: TakenSettlement[] = [];
    for (const [id, item] of this.byRequest) {
      if (!test(item)) continue;
      for (const ref of item.refs) taken.push({ id, ref, retries: item.retries + retry });
      this.byRequest.delete(id);
    }
    return taken;
  }
}
