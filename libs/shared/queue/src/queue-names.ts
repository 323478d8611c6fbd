/** Every queue and job the gateway runs, with its payload: producers and processors share this registry. */
export const QUEUES = {
  usageAggregate: 'usage-aggregate',
  providerHealth: 'provider-health',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobPayloads {
  'usage-aggregate': {
    /** A UTC day (YYYY-MM-DD), or `today` / `yesterday` resolved when the job runs. */
    day: string;
  };
  'provider-health': {
    /** One provider, or every enabled one when absent. */
    providerId?: string;
  };
}

export const ALL_QUEUES: QueueName[] = [QUEUES.usageAggregate, QUEUES.providerHealth];

/** Defaults set once for every job: retries with backoff, bounded retention. */
export const JOB_DEFAULTS = {
  attempts: 3,
  backoff: { type: 'exponential' as const, delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 500 },
  removeOnFail: { age: 7 * 24 * 3600, count: 1000 },
};

/** A failure that retrying cannot fix: the job is failed at once, not retried. */
export class PermanentJobError extends Error {
  readonly permanent = true;
}
