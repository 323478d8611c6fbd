import type { JobState, JobView, QueueCountsView } from '@gateway/contracts';
import { ALL_QUEUES, JOB_DEFAULTS, type JobPayloads, type QueueName } from '@gateway/queue';
import { Job, Queue, type ConnectionOptions } from 'bullmq';
import { JOB_STATES, type JobQueues, type Schedule } from './job-queues';

/** BullMQ queues (producer side): the API enqueues and administers, the worker processes. */
export class BullJobQueues implements JobQueues {
  private readonly queues: Map<QueueName, Queue>;

  constructor(connection: ConnectionOptions, prefix: string) {
    this.queues = new Map(ALL_QUEUES.map((name) => [name, new Queue(name, { connection, prefix, defaultJobOptions: JOB_DEFAULTS })]));
  }

  queue(name: QueueName): Queue {
    return this.queues.get(name)!;
  }

  async add<Q extends QueueName>(queue: Q, data: JobPayloads[Q], jobId?: string, delayMs = 0): Promise<JobView> {
    const job = await this.queue(queue).add(queue, data, { ...(jobId ? { jobId } : {}), ...(delayMs > 0 ? { delay: delayMs } : {}) });
    return toView(job, queue, delayMs > 0 ? 'delayed' : 'waiting');
  }

  async schedule(s: Schedule): Promise<void> {
    await this.queue(s.queue).upsertJobScheduler(s.id, s.cron ? { pattern: s.cron, tz: 'UTC' } : { every: s.everyMs! }, { name: s.queue, data: s.data });
  }

  async list(queue?: QueueName, state?: JobState, limit = 100): Promise<JobView[]> {
    const names = queue ? [queue] : ALL_QUEUES;
    const states = state ? [state] : JOB_STATES;
    const out: JobView[] = [];
    for (const name of names) {
      for (const st of states) {
        const jobs = await this.queue(name).getJobs([st], 0, limit - 1, false);
        out.push(...jobs.filter(Boolean).map((j) => toView(j, name, st)));
      }
    }
    return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
  }

  async get(queue: QueueName, id: string): Promise<JobView | null> {
    const job = await this.queue(queue).getJob(id);
    return job ? toView(job, queue, (await job.getState()) as JobState) : null;
  }

  async counts(): Promise<QueueCountsView[]> {
    return Promise.all(
      ALL_QUEUES.map(async (queue) => ({ queue, counts: (await this.queue(queue).getJobCounts(...JOB_STATES)) as QueueCountsView['counts'] })),
    );
  }

  async retry(queue: QueueName, id: string): Promise<boolean> {
    const job = await this.queue(queue).getJob(id);
    if (!job || !(await job.isFailed())) return false;
    await job.retry();
    return true;
  }

  async remove(queue: QueueName, id: string): Promise<boolean> {
    const job = await this.queue(queue).getJob(id);
    if (!job || (await job.isActive())) return false;
    await job.remove();
    return true;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}

function toView(job: Job, queue: QueueName, state: JobState): JobView {
  return {
    id: String(job.id),
    queue,
    name: job.name,
    state,
    attemptsMade: job.attemptsMade,
    failedReason: job.failedReason ?? null,
    data: job.data,
    createdAt: new Date(job.timestamp).toISOString(),
    finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}
