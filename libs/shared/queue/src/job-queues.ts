import type { JobState, JobView, QueueCountsView } from '@gateway/contracts';
import type { JobPayloads, QueueName } from './queue-names';

export interface Schedule {
  /** Stable id: scheduling twice updates rather than duplicates. */
  id: string;
  queue: QueueName;
  data: JobPayloads[QueueName];
  everyMs?: number;
  /** Cron pattern (UTC), instead of everyMs. */
  cron?: string;
}

/** The queues as producers, the API and the scheduler see them: BullMQ with Redis, in process without. */
export interface JobQueues {
  /** `delayMs`: run no sooner than this from now. */
  add<Q extends QueueName>(queue: Q, data: JobPayloads[Q], jobId?: string, delayMs?: number): Promise<JobView>;
  schedule(schedule: Schedule): Promise<void>;
  list(queue?: QueueName, state?: JobState, limit?: number): Promise<JobView[]>;
  get(queue: QueueName, id: string): Promise<JobView | null>;
  counts(): Promise<QueueCountsView[]>;
  retry(queue: QueueName, id: string): Promise<boolean>;
  remove(queue: QueueName, id: string): Promise<boolean>;
  close(): Promise<void>;
}

export const JOB_QUEUES = Symbol('JOB_QUEUES');

/** One queue's processor; the same class runs under BullMQ (worker) and in process (no Redis). */
export interface JobProcessor<Q extends QueueName = QueueName> {
  readonly queue: Q;
  process(data: JobPayloads[Q]): Promise<unknown>;
}
