import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
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
  /** Entries of this turn of the event loop, written together at its end (see `durable`). */
  private entries = '';
  private flush: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private sealed = false;

  constructor(
    readonly path: string,
    private fd: number | null,
  ) {}

  /** Takes the entry's place now; the entry reaches the file with the others of this turn (`durable`). */
  append(line: string): number {
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

  /** No more entries (a claimed file): confirmations are still written; the file goes with the last one. */
  seal(): void {
    this.sealed = true;
  }

  private writeUnwritten(): void {
    const text = this.unwritten + this.entries;
    if (this.fd === null || !text) return;
    writeSync(this.fd, text);
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

/**
 * The local write-ahead journal of settlements not yet known to be in PostgreSQL. Settlements
 * are applied in batches, off the response path; each is first appended here (those of one turn
 * of the event loop with one write()), which reaches the kernel before the response ends, so a
 * killed process loses none. An entry is confirmed only once its usage row (and so its ledger
 * charge) is in PostgreSQL — not when Redis has it, since a Redis without persistence can
 * restart empty.
 *
 * Whose files are whose: each journal has a random instance id, in its file names, and holds a
 * Unix socket (`live-<instance>.sock`) open for as long as its process lives: the kernel closes
 * it when the process dies, however it dies, so "can I connect to it?" tells a live owner from a
 * dead one without trusting PIDs (a zombie, a reused PID, every container being pid 1). A dead
 * owner's files are claimed by renaming them (one claimant wins), then replayed (the settle
 * script and the database are idempotent per request id). Keep one data directory per replica.
 */
export class SettlementJournal {
  readonly instance = `i${randomBytes(5).toString('hex')}`;
  private current: JournalSegment;
  private readonly liveness: Server;
  /** Files this journal replays (claimed from dead owners), so a rescan does not load them twice. */
  private readonly claimed = new Set<string>();

  constructor(private readonly dir: string) {
    try {
      mkdirSync(dir, { recursive: true });
      const socket = join(dir, `live-${this.instance}.sock`);
      if (Buffer.byteLength(socket) > 100) throw new Error(`the path is too long for a Unix socket (${socket}); use a shorter DATA_DIR`);
      this.liveness = createServer((c) => c.destroy()).listen(socket);
      this.liveness.unref();
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

  /** Confirm entries now in PostgreSQL, one line per segment. */
  confirm(refs: JournalEntryRef[]): void {
    const bySegment = new Map<JournalSegment, number[]>();
    for (const { segment, seq } of refs) {
      const seqs = bySegment.get(segment);
      if (seqs) seqs.push(seq);
      else bySegment.set(segment, [seq]);
    }
    for (const [segment, seqs] of bySegment) segment.confirm(seqs);
  }

  /**
   * Unconfirmed entries left by dead owners (each with its place to confirm once it is in
   * PostgreSQL), and those owners' instance ids. Safe to call at any time, as often as wanted.
   */
  async recover(): Promise<{ entries: Array<{ line: string; ref: JournalEntryRef }>; deadOwners: string[] }> {
    const entries: Array<{ line: string; ref: JournalEntryRef }> = [];
    const deadOwners = new Set<string>();
    const verdicts = new Map<string, Promise<boolean>>();
    for (const name of readdirSync(this.dir).sort()) {
      const match = /^settle-([^-]+)-[^.]+\.jsonl$/.exec(name);
      if (!match || match[1] === this.instance) continue;
      const owner = match[1];
      if (!verdicts.has(owner)) verdicts.set(owner, this.isDead(owner));
      if (!(await verdicts.get(owner))) continue;
      // Claim: only one process renames it; the others find it gone.
      const path = join(this.dir, `settle-${this.instance}-r${name.slice('settle-'.length, -'.jsonl'.length)}.jsonl`);
      try {
        renameSync(join(this.dir, name), path);
      } catch {
        continue;
      }
      deadOwners.add(owner);
      this.claimed.add(path);
      entries.push(...readSegment(path));
    }
    for (const owner of deadOwners) rmSync(join(this.dir, `live-${owner}.sock`), { force: true });
    return { entries, deadOwners: [...deadOwners] };
  }

  close(): void {
    this.current.close();
    this.liveness.close();
  }

  private open(): JournalSegment {
    const path = join(this.dir, `settle-${this.instance}-${Date.now()}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}.jsonl`);
    return new JournalSegment(path, openSync(path, 'a'));
  }

  /** An owner is dead when nothing listens on its socket; legacy files (`settle-<pid>-…`) go by their PID. */
  private isDead(owner: string): Promise<boolean> {
    if (/^\d+$/.test(owner)) return Promise.resolve(!pidAlive(Number(owner)));
    return new Promise((resolve) => {
      const probe = connect(join(this.dir, `live-${owner}.sock`));
      probe.once('connect', () => {
        probe.destroy();
        resolve(false);
      });
      probe.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED' || e.code === 'ENOENT'));
    });
  }
}

/** A claimed file's unconfirmed entries; the segment deletes the file once they are all confirmed. */
function readSegment(path: string): Array<{ line: string; ref: JournalEntryRef }> {
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
  // Confirmations of the replay are appended to the claimed file, so a second crash replays less.
  const segment = new JournalSegment(path, entries.length > confirmed.size ? openSync(path, 'a') : null);
  const found: Array<{ line: string; ref: JournalEntryRef }> = [];
  entries.forEach((line, seq) => {
    if (confirmed.has(seq)) return;
    segment.pending++;
    found.push({ line, ref: { segment, seq } });
  });
  if (!found.length) segment.close();
  else segment.seal();
  return found;
}

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
