import { AppliedSettlements, REAPPLY_AFTER_MS, requestIdOf, type JournalledSettlement } from './applied-settlements';
import type { JournalEntryRef } from './settlement-journal';

const line = (id: string) => `bal:u\tkq:none\tholds:i1\trl:u:t\tsettled:${id}\tusage:outbox\tu||${id}|10\t10\t5\t3\t0\t0\t60000\t{}\tu||${id}`;
const entry = (id: string, retries?: number): JournalledSettlement => ({ id, line: line(id), ref: { id } as unknown as JournalEntryRef, retries });

describe('AppliedSettlements', () => {
  it('reads the request id out of a settlement line', () => {
    expect(requestIdOf(line('req-1'))).toBe('req-1');
  });

  it('applies a settlement again after 30 s without its row, then after 60 s, 120 s… up to 10 minutes', () => {
    const applied = new AppliedSettlements();
    applied.add([entry('a')], 0);
    expect(applied.takeDue(REAPPLY_AFTER_MS - 1)).toEqual([]);
    let taken = applied.takeDue(REAPPLY_AFTER_MS);
    expect(taken.map((t) => t.retries)).toEqual([1]);
    const waits: number[] = [];
    let now = REAPPLY_AFTER_MS;
    for (let i = 0; i < 7; i++) {
      applied.add(taken, now);
      let wait = 0;
      while (!(taken = applied.takeDue(now + wait)).length) wait += 1_000;
      waits.push(wait / 1_000);
      now += wait;
    }
    expect(waits).toEqual([60, 120, 240, 480, 600, 600, 600]);
  });

  it('forgets what PostgreSQL has, and lists for lookup only those applied before a time', () => {
    const applied = new AppliedSettlements();
    applied.add([entry('old')], 0);
    applied.add([entry('new')], 10_000);
    expect(applied.ids(10, 5_000)).toEqual(['old']);
    expect(applied.recorded(['old', 'unknown'])).toHaveLength(1);
    expect(applied.size).toBe(1);
    expect(applied.take().map((t) => t.id)).toEqual(['new']);
    expect(applied.size).toBe(0);
  });
});
