import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type UsageRecord, usageRecordJson } from '../usage-record';
import type { OutboxBatch, UsageOutbox } from './usage-outbox';

/**
 * The single-process outbox (no REDIS_URL): an append-only JSON-lines file under the
 * data directory. A write() reaches the kernel before the response ends, so a killed
 * process loses nothing; the drainer rotates the file and replays it into the database.
 */
export class FileUsageOutbox implements UsageOutbox {
  private fd: number;
  private readonly current: string;
  private pending = 0;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.current = join(dir, 'outbox.jsonl');
    this.fd = openSync(this.current, 'a');
  }

  append(record: UsageRecord): void {
    writeSync(this.fd, usageRecordJson(record) + '\n');
    this.pending++;
  }

  async claim(max: number): Promise<OutboxBatch | null> {
    const claimed = readdirSync(this.dir).filter((f) => f.endsWith('.claimed')).sort();
    let file = claimed[0] ? join(this.dir, claimed[0]) : null;
    if (!file) {
      if (this.pending === 0 && !existsSync(this.current)) return null;
      if (this.pending === 0 && readFileSync(this.current).length === 0) return null;
      closeSync(this.fd);
      file = join(this.dir, `outbox-${Date.now()}-${process.pid}.claimed`);
      renameSync(this.current, file);
      this.fd = openSync(this.current, 'a');
      this.pending = 0;
    }
    const json = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => {
        try {
          return line !== '' && typeof JSON.parse(line) === 'object';
        } catch {
          return false; // a line cut short by a crash mid-write
        }
      });
    void max; // one claimed file is one batch; the writer chunks it
    const path = file;
    return { json, ack: async () => unlinkSync(path), nack: async () => undefined };
  }

  async recover(): Promise<number> {
    return readdirSync(this.dir).filter((f) => f.endsWith('.claimed')).length;
  }

  /** One process, no journal: nobody waits for confirmations. */
  async confirm(): Promise<void> {}

  close() {
    closeSync(this.fd);
  }
}
