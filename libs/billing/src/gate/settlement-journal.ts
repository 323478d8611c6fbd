import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, truncateSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { type JournalEntryRef, JournalSegment } from './journal-segment';

export { CONFIRM_DELAY_MS, type JournalEntryRef } from './journal-segment';

/** A segment this long is replaced by a new file as soon as all its entries are confirmed. */
const SEGMENT_ROTATE_AT = 2_000;
/** ...and in any case at this length (its file then goes when its last entry is confirmed). */
const SEGMENT_MAX = 50_000;
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

  /** The lines of these entries, read back from their files (null where one could not be read). */
  lines(refs: JournalEntryRef[]): Array<string | null> {
    const found = new Map<JournalSegment, Map<number, string>>();
    for (const [segment, seqs] of bySegment(refs)) {
      try {
        found.set(segment, segment.lines(seqs));
      } catch {
        found.set(segment, new Map());
      }
    }
    return refs.map(({ segment, seq }) => found.get(segment)!.get(seq) ?? null);
  }

  /** Confirm entries now in PostgreSQL, one line per segment. */
  confirm(refs: JournalEntryRef[]): void {
    for (const [segment, seqs] of bySegment(refs)) segment.confirm(seqs);
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

function bySegment(refs: JournalEntryRef[]): Map<JournalSegment, number[]> {
  const grouped = new Map<JournalSegment, number[]>();
  for (const { segment, seq } of refs) {
    const seqs = grouped.get(segment);
    if (seqs) seqs.push(seq);
    else grouped.set(segment, [seq]);
  }
  return grouped;
}

/** A claimed file's unconfirmed entries; the segment deletes the file once they are all confirmed. */
function readSegment(path: string): Array<{ line: string; ref: JournalEntryRef }> {
  const entries: Array<{ line: string; start: number; end: number }> = [];
  const confirmed = new Set<number>();
  const bytes = readFileSync(path);
  // A last line without its newline was cut short by a crash mid-write: the response it belonged to never ended either.
  for (let start = 0, end = bytes.indexOf(10); end >= 0; start = end + 1, end = bytes.indexOf(10, start)) {
    if (end === start) continue;
    const line = bytes.toString('utf8', start, end);
    if (!line.startsWith('+')) entries.push({ line, start, end });
    else {
      try {
        for (const seq of JSON.parse(line.slice(1)) as number[]) confirmed.add(seq);
      } catch {
        // unreadable confirmation: replaying is safe (the settle script is idempotent)
      }
    }
  }
  // Confirmations of the replay are appended to the claimed file, so a second crash replays less;
  // a cut-short last line goes first, or the first confirmation would be glued to it.
  const whole = bytes.lastIndexOf(10) + 1;
  const appending = entries.length > confirmed.size;
  if (appending && whole < bytes.length) truncateSync(path, whole);
  const segment = new JournalSegment(path, appending ? openSync(path, 'a') : null);
  const found: Array<{ line: string; ref: JournalEntryRef }> = [];
  entries.forEach(({ line, start, end }, seq) => {
    if (confirmed.has(seq)) return;
    segment.pending++;
    segment.indexed(seq, start, end);
    found.push({ line, ref: { segment, seq } });
  });
  if (!found.length) segment.close();
  else segment.seal(whole);
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
