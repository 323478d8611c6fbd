import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Where each write of a journal file put its entries: the first entry's sequence number and the
 * byte range they fill. Lets an applied settlement be read back from the file (rarely: Redis lost
 * it, or its row is late) instead of its line being kept in memory until PostgreSQL has the row
 * — a line held a second or two outlives the young generation and is copied into the old one,
 * about a kilobyte per request that only a full collection frees. Three numbers per write, no
 * object per entry.
 */
export class JournalIndex {
  /** (first seq, start, end) per write, in file order. */
  private rows = new Float64Array(3 * 64);
  private count = 0;

  add(firstSeq: number, start: number, end: number): void {
    if (3 * (this.count + 1) > this.rows.length) {
      const grown = new Float64Array(this.rows.length * 2);
      grown.set(this.rows);
      this.rows = grown;
    }
    const at = 3 * this.count++;
    this.rows[at] = firstSeq;
    this.rows[at + 1] = start;
    this.rows[at + 2] = end;
  }

  /** The lines of these entries, read from the file at `path` (those it cannot find are left out). */
  read(path: string, seqs: Iterable<number>): Map<number, string> {
    const byWrite = new Map<number, number[]>();
    for (const seq of seqs) {
      const row = this.rowOf(seq);
      if (row < 0) continue;
      const wanted = byWrite.get(row);
      if (wanted) wanted.push(seq);
      else byWrite.set(row, [seq]);
    }
    const lines = new Map<number, string>();
    if (!byWrite.size) return lines;
    const fd = openSync(path, 'r');
    try {
      for (const [row, wanted] of byWrite) {
        const [first, start, end] = this.rows.subarray(3 * row, 3 * row + 3);
        const bytes = Buffer.allocUnsafe(end - start);
        const got = readSync(fd, bytes, 0, bytes.length, start);
        const entries = bytes.toString('utf8', 0, got).split('\n');
        for (const seq of wanted) {
          const line = entries[seq - first];
          if (line) lines.set(seq, line);
        }
      }
    } finally {
      closeSync(fd);
    }
    return lines;
  }

  /** The write holding entry `seq` (the last one starting at or before it), or -1. */
  private rowOf(seq: number): number {
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.rows[3 * mid] <= seq) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}
