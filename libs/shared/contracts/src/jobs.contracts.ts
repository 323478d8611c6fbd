export type JobState = 'waiting' | 'active' | 'completed' | 'failed' | 'delayed';

export interface JobView {
  id: string;
  queue: string;
  name: string;
  state: JobState;
  attemptsMade: number;
  failedReason: string | null;
  data: unknown;
  /** For a job whose `data` names a `providerId`: that provider's name (null when it is gone). */
  providerName?: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface QueueCountsView {
  queue: string;
  counts: Record<JobState, number>;
}

export interface AggregateUsageRequest {
  /** ISO date (YYYY-MM-DD), inclusive. */
  from: string;
  to: string;
}
