/** Keep releasing this long after Redis first answers again: a command sent on the dropped connection may run after ours. */
const SETTLE_MS = 10_000;
/** Beyond this many, the oldest are left to the holds' deadline. */
const MAX = 20_000;
const BATCH = 1_000;

/**
 * Admissions whose reply never came (a command timeout, a lost connection). Redis may have run
 * them all the same — a frozen Redis runs what it had read once it resumes — placing holds that no
 * settlement will release (the caller got a 503). Each one's hold is released as soon as Redis
 * answers again, retried for a while, since the dropped connection's commands may run after ours.
 */
export class DoubtfulAdmissions {
  /** `deadline<TAB>member sans hold` → when Redis first answered a release for it (0: not yet). */
  private readonly entries = new Map<string, number>();

  get size(): number {
    return this.entries.size;
  }

  add(deadline: number, member: string): void {
    if (this.entries.size >= MAX) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(`${deadline}\t${member}`, 0);
  }

  /** `run` releases the holds of the entries given and answers the positions (from 1) of those it found. */
  async release(run: (entries: string[]) => Promise<number[]>, now = Date.now()): Promise<number> {
    let released = 0;
    const all = [...this.entries.keys()];
    for (let i = 0; i < all.length; i += BATCH) {
      const batch = all.slice(i, i + BATCH);
      const found = new Set(await run(batch));
      released += found.size;
      batch.forEach((entry, j) => {
        const since = this.entries.get(entry) || now;
        if (found.has(j + 1) || now - since >= SETTLE_MS) this.entries.delete(entry);
        else this.entries.set(entry, since);
      });
    }
    return released;
  }
}
