/** A batch taken from the outbox: `ack` after it is committed; unacked batches come back after a crash. */
export interface OutboxBatch {
  /** Each one UsageRecord as JSON text (as settled: passed on to the database unparsed). */
  json: string[];
  ack(): Promise<void>;
  /** The write failed: give the records back for a later try. */
  nack(): Promise<void>;
}

/** Durable between the response and the database: survives the death of the process that wrote it. */
export interface UsageOutbox {
  claim(max: number): Promise<OutboxBatch | null>;
  /** Give back batches claimed by processes that died before acking. */
  recover(): Promise<number>;
  /** Tell the gates that settled these requests (by origin) that PostgreSQL has their rows. */
  confirm(byOrigin: Record<string, string[]>): Promise<void>;
}

export const USAGE_OUTBOX = Symbol('USAGE_OUTBOX');
