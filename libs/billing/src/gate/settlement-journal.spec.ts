import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIRM_DELAY_MS, type JournalEntryRef, SettlementJournal } from './settlement-journal';

const turn = () => new Promise((r) => setImmediate(r));
const line = (i: number) => `bal:u\tkq:none\tsettled:req-${i}\t{"model":"modèle-€-${'ü'.repeat(i % 7)}"}`;

describe('SettlementJournal: reading entries back from their files', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'gw-journal-spec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const files = () => readdirSync(dir).filter((f) => f.endsWith('.jsonl'));

  it('finds every entry, whether its write held others, confirmations before them, or multi-byte text', async () => {
    const journal = new SettlementJournal(dir);
    const refs: JournalEntryRef[] = [];
    let n = 0;
    const append = (count: number) => {
      for (let i = 0; i < count; i++) refs.push(journal.append(line(n++)));
    };
    append(3);
    await turn();
    // Confirmations waiting for their delay ride on the next write, ahead of its entries.
    journal.confirm([refs[0], refs[2]]);
    append(2);
    await turn();
    // Confirmations alone, written after their delay.
    journal.confirm([refs[3]]);
    await new Promise((r) => setTimeout(r, CONFIRM_DELAY_MS + 50));
    append(1);
    await turn();
    append(4);
    await turn();

    const text = readFileSync(join(dir, files()[0]), 'utf8');
    expect(text).toContain(`+[0,2]\n${line(3)}\n`);
    expect(text).toContain(`+[3]\n${line(5)}\n`);
    expect(journal.lines([...refs].reverse())).toEqual(refs.map((_, i) => line(i)).reverse());
    // One not written yet (this turn's) is not found.
    const fresh = journal.append(line(99));
    expect(journal.lines([fresh, refs[4]])).toEqual([null, line(4)]);
    journal.close();
  });

  it("finds the entries of a dead process's file it claimed", async () => {
    const dead = new SettlementJournal(dir);
    const refs = Array.from({ length: 6 }, (_, i) => dead.append(line(i)));
    await turn();
    dead.confirm([refs[1]]);
    dead.close();

    const next = new SettlementJournal(dir);
    const { entries } = await next.recover();
    expect(entries.map((e) => e.line)).toEqual([0, 2, 3, 4, 5].map(line));
    expect(next.lines(entries.map((e) => e.ref))).toEqual([0, 2, 3, 4, 5].map(line));
    next.close();
  });

  it("drops a claimed file's cut-short last line before confirming after it, so a second claimant reads no glued line", async () => {
    const dead = new SettlementJournal(dir);
    Array.from({ length: 3 }, (_, i) => dead.append(line(i)));
    await turn();
    dead.close();
    // Killed mid-write: half a line, no newline.
    appendFileSync(join(dir, files()[0]), line(3).slice(0, 20));

    const next = new SettlementJournal(dir);
    const { entries } = await next.recover();
    expect(entries.map((e) => e.line)).toEqual([0, 1, 2].map(line));
    next.confirm([entries[0].ref]);
    await new Promise((r) => setTimeout(r, CONFIRM_DELAY_MS + 50));
    next.close();

    const third = new SettlementJournal(dir);
    const again = await third.recover();
    expect(again.entries.map((e) => e.line)).toEqual([1, 2].map(line));
    expect(third.lines(again.entries.map((e) => e.ref))).toEqual([1, 2].map(line));
    third.close();
  });
});
