import type { JobProcessor } from '@gateway/queue';

export type { JobProcessor } from '@gateway/queue';

export const JOB_PROCESSORS = Symbol('JOB_PROCESSORS');

/** Boot check: every queue has exactly one processor. */
export function checkProcessors(processors: JobProcessor[], queues: readonly string[]): void {
  for (const queue of queues) {
    const count = processors.filter((p) => p.queue === queue).length;
    if (count !== 1) throw new Error(`Queue "${queue}" has ${count} processors; exactly one is required`);
  }
}

/** A job's span attributes (messaging conventions; in process without Redis, the same queue names). */
export const jobAttributes = (queue: string, id: string | undefined, attempt: number) => ({
  'messaging.system': 'bullmq',
  'messaging.destination.name': queue,
  'messaging.message.id': id ?? '',
  'gateway.job.attempt': attempt,
});
