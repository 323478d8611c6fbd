import { closeSync, unlinkSync, writeSync } from 'node:fs';
import { JournalIndex } from './journal-index';

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
  /** Entries of this turn of the event loop, written together at its end (see `durable`). */
  private entries = '';
  /** The sequence number of the first of `entries`. */
  private entriesFrom = 0;
  /** Bytes in the file. */
  private size = 0;
  /** Where each written entry lies in the file, to read it back (`lines`). */
  private readonly index = new JournalIndex();
  private flush: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private sealed = false;

  constructor(
    readonly path: string,
    private fd: number | null,
  ) {}

  /** Takes the entry's place now; the entry reaches the file with the others of this turn (`durable`). */
  append(line: string): number {
    if (!this.entries) this.entriesFrom = this.written;
    this.entries += line;
    this.flush ??= new Promise<void>((resolve, reject) =>
      setImmediate(() => {
        this.flush = null;
        try {
          this.writeUnwritten();
          resolve();
        } catch (e) {
          reject(e);
        }
      }),
    );
    this.pending++;
    return this.written++;
  }

  /**
   * Resolves once the entries appended so far are in the file (in the kernel's hands): the
   * settlements that end in one turn of the event loop share one write() instead of one each,
   * and each response still ends only after its entry is written.
   */
  durable(): Promise<void> {
    return this.flush ?? Promise.resolve();
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
      this.entries = '';
      closeSync(this.fd);
    }
    this.fd = null;
    this.removeIfDone();
  }

  /** No more entries (a claimed file of `size` bytes): confirmations are still written; the file goes with the last one. */
  seal(size: number): void {
    this.sealed = true;
    this.size = size;
  }

  /** Notes where an entry read from the file lies (a claimed file's). */
  indexed(seq: number, start: number, end: number): void {
    this.index.add(seq, start, end);
  }

  /** The lines of these entries, read back from the file (those not found in it are left out). */
  lines(seqs: Iterable<number>): Map<number, string> {
    return this.index.read(this.path, seqs);
  }

  private writeUnwritten(): void {
    const text = this.unwritten + this.entries;
    if (this.fd === null || !text) return;
    const bytes = writeSync(this.fd, text);
    // Confirmations are ASCII: their length is their size in bytes.
    if (this.entries) this.index.add(this.entriesFrom, this.size + this.unwritten.length, this.size + bytes);
    this.size += bytes;
    this.unwritten = '';
    this.entries = '';
  }

  private removeIfDone(): void {
    if (this.pending > 0) return;
    if (this.fd !== null) {
      if (!this.sealed) return;
      this.unwritten = '';
      this.close();
      return;
    }
    try {
      unlinkSync(this.path);
    } catch {
      // already gone
    }
  }
}
