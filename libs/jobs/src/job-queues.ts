import type { JobState, JobView, QueueCountsView } from '@gateway/contracts';
import type { JobPayloads, QueueName } from '@gateway/queue';

export interface Schedule {
  /** Stable id: scheduling twice updates rather than duplicates. */
  id: string;
  queue: QueueName;
  data: JobPayloads[QueueName];
  everyMs?: number;
  /** Cron pattern (UTC), instead of everyMs. */
  cron?: string;
}

/** The queues as the API and the scheduler see them: BullMQ with Redis, in process without. */
export interface JobQueues {
  add<Q extends QueueName>(queue: Q, data: JobPayloads[Q], jobId?: string): Promise<JobView>;
  schedule(schedule: Schedule): Promise<void>;
  list(queue?: QueueName, state?: JobState, limit?: number): Promise<JobView[]>;
  get(queue: QueueName, id: string): Promise<JobView | null>;
  counts(): Promise<QueueCountsView[]>;
  retry(queue: QueueName, id: string): Promise<boolean>;
  remove(queue: QueueName, id: string): Promise<boolean>;
  close(): Promise<void>;
}

export const JOB_QUEUES = Symbol('JOB_QUEUES');
export const JOB_STATES: JobState[] = ['waiting', 'active', 'completed', 'failed', 'delayed'];
