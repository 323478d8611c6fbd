import type { JournalEntryRef } from './settlement-journal';

/** A journalled settlement: its line (what the settle script takes) and where to confirm it. */
export interface JournalledSettlement {
  line: string;
  ref: JournalEntryRef;
}

/** The request id inside a settlement line (field 5 is `settled:<requestId>`). */
export function requestIdOf(line: string): string {
  let start = 0;
  for (let i = 0; i < 4; i++) start = line.indexOf('\t', start) + 1;
  return line.slice(start + 'settled:'.length, line.indexOf('\t', start));
}

/**
 * Settlements applied in Redis whose usage row is not yet known to be in PostgreSQL. They stay
 * in the journal (and here) until it is: a Redis that restarts empty, or fails over to a replica
 * that missed the last writes, loses the outbox entries and balance changes it held, and the
 * journal is then the only copy. Applying one again is safe: the settle script skips a request
 * it has settled (its marker), and the database skips a row it has.
 */
export class AppliedSettlements {
  /** A request settled twice (a retried call) has two journal entries: both are confirmed together. */
  private readonly byRequest = new Map<string, { line: string; refs: JournalEntryRef[]; appliedAt: number }>();

  get size(): number {
    return this.byRequest.size;
  }

  add(batch: JournalledSettlement[], now = Date.now()): void {
    for (const { line, ref } of batch) {
      const id = requestIdOf(line);
      const known = this.byRequest.get(id);
      if (known) {
        if (!known.refs.includes(ref)) known.refs.push(ref);
        known.appliedAt = now;
      } else this.byRequest.set(id, { line, refs: [ref], appliedAt: now });
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

  /** Up to `max` request ids, oldest first, to look up in PostgreSQL. */
  ids(max: number): string[] {
    const ids: string[] = [];
    for (const id of this.byRequest.keys()) {
      if (ids.length >= max) break;
      ids.push(id);
    }
    return ids;
  }

  /** Take out (to apply again) those applied before `before`, or all. */
  take(before = Infinity): JournalledSettlement[] {
    const taken: JournalledSettlement[] = [];
    for (const [id, item] of this.byRequest) {
      if (item.appliedAt >= before) continue;
      for (const ref of item.refs) taken.push({ line: item.line, ref });
      this.byRequest.delete(id);
    }
    return taken;
  }
}
