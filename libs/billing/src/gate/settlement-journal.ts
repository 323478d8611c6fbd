import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** A segment this long is replaced by a new file as soon as all its entries are confirmed. */
const SEGMENT_ROTATE_AT = 2_000;
/** ...and in any case at this length (its file then goes when its last entry is confirmed). */
const SEGMENT_MAX = 50_000;
/**
 * Confirmations ride on the next entry's write(); with no entry coming, they are written
 * alone after this long. One confirmed late is at worst replayed, which the settle script
 * skips (settled markers).
 */
export const CONFIRM_DELAY_MS = 100;

/** Where an entry lives: confirm it once applied. */
export interface JournalEntryRef {
  segment: JournalSegment;
  seq: number;
}

/**
 * One journal file of entry lines (any text without a newline, not starting with `+`) and confirmation lines (`+` and the JSON array of
 * the sequence numbers confirmed). Deleted once it is no longer written to and every entry
 * in it is confirmed.
 */
export class JournalSegment {
  pending = 0;
  written = 0;
  /** Confirmation lines not written yet (see CONFIRM_DELAY_MS). */
  private unwritten = '';
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly path: string,
    private fd: number | null,
  ) {}

  append(line: string): number {
    if (this.unwritten) {
      writeSync(this.fd!, this.unwritten + line);
      this.unwritten = '';
    } else writeSync(this.fd!, line);
    this.pending++;
    return this.written++;
  }

  confirm(seqs: number[]): void {
    this.pending -= seqs.length;
    if (this.fd !== null) {
      this.unwritten += `+${JSON.stringify(seqs)}\n`;
      this.timer ??= setTimeout(() => {
        this.timer = null;
        try {
          this.writeUnwritten();
        } catch {
          // kept: written with the next entry, or replayed (and skipped) after a restart
        }
      }, CONFIRM_DELAY_MS).unref();
    }
    this.removeIfDone();
  }

  /** No more writes; the file goes when its last entry is confirmed. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.fd !== null) {
      // A file with entries left keeps its confirmations; one without goes (nothing in it is needed).
      if (this.pending > 0) this.writeUnwritten();
      this.unwritten = '';
      closeSync(this.fd);
    }
    this.fd = null;
    this.removeIfDone();
  }

  private writeUnwritten(): void {
    if (this.fd === null || !this.unwritten) return;
    writeSync(this.fd, this.unwritten);
    this.unwritten = '';
  }

  private removeIfDone(): void {
    if (this.fd !== null || this.pending > 0) return;
    try {
      unlinkSync(this.path);
    } catch {
      // already gone
    }
  }
}

/**
 * The local write-ahead journal of settlements not yet applied in Redis. Settlements are
 * applied in batches, off the response path; each is first appended here with one write(),
 * which reaches the kernel before the response ends, so a killed process loses none: the
 * next process on the same data directory replays the entries the dead one left
 * unconfirmed (and the settle script is idempotent per request id, for an entry applied in
 * the instant before its confirmation was written).
 *
 * Files are `settle-<pid>-<n>.jsonl`; a process replays only the files of processes that are
 * not alive (or that had its own pid: a restarted container). Keep one data directory per replica.
 */
export class SettlementJournal {
  private current: JournalSegment;

  constructor(private readonly dir: string) {
    try {
      mkdirSync(dir, { recursive: true });
      this.current = this.open();
    } catch (e) {
      throw new Error(`The settlement journal needs a writable directory: ${dir} (${(e as Error).message}). Set DATA_DIR to one, one per replica.`);
    }
  }

  /** `line`: one line of text (no newline in it, not starting with `+`). */
  append(line: string): JournalEntryRef {
    if (this.current.written >= SEGMENT_MAX || (this.current.pending === 0 && this.current.written >= SEGMENT_ROTATE_AT)) {
      this.current.close();
      this.current = this.open();
    }
    const segment = this.current;
    return { segment, seq: segment.append(line + '\n') };
  }

  /** Confirm applied entries, one line per segment. */
  confirm(refs: JournalEntryRef[]): void {
    const bySegment = new Map<JournalSegment, number[]>();
    for (const { segment, seq } of refs) {
      const seqs = bySegment.get(segment);
      if (seqs) seqs.push(seq);
      else bySegment.set(segment, [seq]);
    }
    for (const [segment, seqs] of bySegment) segment.confirm(seqs);
  }

  /** Unconfirmed entries left by dead processes, each with its place to confirm once applied. */
  recover(): Array<{ line: string; ref: JournalEntryRef }> {
    const found: Array<{ line: string; ref: JournalEntryRef }> = [];
    for (const name of readdirSync(this.dir).sort()) {
      const match = /^settle-(\d+)-\d+\.jsonl$/.exec(name);
      const path = join(this.dir, name);
      if (!match || path === this.current.path || alive(Number(match[1]))) continue;
      const entries: string[] = [];
      const confirmed = new Set<number>();
      const text = readFileSync(path, 'utf8');
      // A last line without its newline was cut short by a crash mid-write: the response it belonged to never ended either.
      for (const line of text.slice(0, text.lastIndexOf('\n') + 1).split('\n')) {
        if (!line) continue;
        if (!line.startsWith('+')) entries.push(line);
        else {
          try {
            for (const seq of JSON.parse(line.slice(1)) as number[]) confirmed.add(seq);
          } catch {
            // unreadable confirmation: replaying is safe (the settle script is idempotent)
          }
        }
      }
      const segment = new JournalSegment(path, null);
      entries.forEach((line, seq) => {
        if (confirmed.has(seq)) return;
        segment.pending++;
        found.push({ line, ref: { segment, seq } });
      });
      segment.close();
    }
    return found;
  }

  close(): void {
    this.current.close();
  }

  private open(): JournalSegment {
    const path = join(this.dir, `settle-${process.pid}-${Date.now()}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}.jsonl`);
    return new JournalSegment(path, openSync(path, 'a'));
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
