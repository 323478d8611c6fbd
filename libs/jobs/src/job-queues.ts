import type { JobState } from '@gateway/contracts';

export { JOB_QUEUES, type JobQueues, type Schedule } from '@gateway/queue';
export const JOB_STATES: JobState[] = ['waiting', 'active', 'completed', 'failed', 'delayed'];
