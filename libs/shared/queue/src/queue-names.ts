/** Every queue and job the gateway runs, with its payload: producers and processors share this registry. */
export const QUEUES = {
  auditPrune: 'audit-prune',
  usageAggregate: 'usage-aggregate',
  providerHealth: 'provider-health',
  webhookDelivery: 'webhook-delivery',
  webhookSweep: 'webhook-sweep',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobPayloads {
  /** Delete audit records past AUDIT_RETENTION_DAYS (and record that it did). */
  'audit-prune': Record<string, never>;
  'usage-aggregate': {
    /** A UTC day (YYYY-MM-DD), or `today` / `yesterday` resolved when the job runs. */
    day: string;
  };
  'provider-health': {
    /** One provider, or every enabled one when absent. */
    providerId?: string;
  };
  'webhook-delivery': {
    deliveryId: string;
    /** Which attempt this is (1-based): a job for an attempt already made is skipped. */
    attempt: number;
  };
  /** Re-enqueue pending deliveries whose job was lost (a restart without Redis, a flushed Redis). */
  'webhook-sweep': Record<string, never>;
}

export const ALL_QUEUES: QueueName[] = [QUEUES.usageAggregate, QUEUES.providerHealth, QUEUES.webhookDelivery, QUEUES.webhookSweep, QUEUES.auditPrune];

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
