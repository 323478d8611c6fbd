import type { JobState, JobView, QueueCountsView } from '@gateway/contracts';
import { ALL_QUEUES, JOB_DEFAULTS, type JobPayloads, type QueueName } from '@gateway/queue';
import { inSpan } from '@gateway/telemetry';
import { jobAttributes, type JobProcessor } from './job-processor';
import { JOB_STATES, type JobQueues, type Schedule } from './job-queues';

interface Job extends JobView {
  queue: QueueName;
}

const KEEP = 200;

/** Without Redis: the same processors, schedules and admin view, inside the API process. */
export class InProcessJobQueues implements JobQueues {
  private readonly jobs = new Map<string, Job>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly delays = new Set<NodeJS.Timeout>();
  private processors: JobProcessor[] = [];
  private seq = 0;

  /** Processors come after construction: some of them enqueue jobs themselves. */
  register(processors: JobProcessor[]): void {
    this.processors = processors;
  }

  async add<Q extends QueueName>(queue: Q, data: JobPayloads[Q], jobId?: string, delayMs = 0): Promise<JobView> {
    const id = jobId ?? String(++this.seq);
    const existing = this.jobs.get(`${queue}:${id}`);
    if (existing && (existing.state === 'waiting' || existing.state === 'active' || existing.state === 'delayed')) return existing;
    const state = delayMs > 0 ? 'delayed' : 'waiting';
    const job: Job = { id, queue, name: queue, state, attemptsMade: 0, failedReason: null, data, createdAt: new Date().toISOString(), finishedAt: null };
    this.jobs.set(`${queue}:${id}`, job);
    this.trim();
    if (delayMs <= 0) setImmediate(() => void this.run(job));
    else this.later(delayMs, () => void this.run(job));
    return job;
  }

  async schedule(s: Schedule): Promise<void> {
    clearInterval(this.timers.get(s.id));
    const every = s.everyMs ?? (s.cron ? 24 * 3600_000 : 60_000);
    const timer = setInterval(() => void this.add(s.queue, s.data), every);
    timer.unref();
    this.timers.set(s.id, timer);
  }

  async list(queue?: QueueName, state?: JobState, limit = 100): Promise<JobView[]> {
    return [...this.jobs.values()].filter((j) => (!queue || j.queue === queue) && (!state || j.state === state)).reverse().slice(0, limit);
  }

  async get(queue: QueueName, id: string): Promise<JobView | null> {
    return this.jobs.get(`${queue}:${id}`) ?? null;
  }

  async counts(): Promise<QueueCountsView[]> {
    return ALL_QUEUES.map((queue) => {
      const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as QueueCountsView['counts'];
      for (const j of this.jobs.values()) if (j.queue === queue) counts[j.state]++;
      return { queue, counts };
    });
  }

  async retry(queue: QueueName, id: string): Promise<boolean> {
    const job = this.jobs.get(`${queue}:${id}`);
    if (!job || job.state !== 'failed') return false;
    Object.assign(job, { state: 'waiting', attemptsMade: 0, failedReason: null, finishedAt: null });
    setImmediate(() => void this.run(job));
    return true;
  }

  async remove(queue: QueueName, id: string): Promise<boolean> {
    const job = this.jobs.get(`${queue}:${id}`);
    if (!job || job.state === 'active') return false;
    return this.jobs.delete(`${queue}:${id}`);
  }

  async close(): Promise<void> {
    for (const t of this.timers.values()) clearInterval(t);
    for (const t of this.delays) clearTimeout(t);
    this.timers.clear();
    this.delays.clear();
  }

  private later(delayMs: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.delays.delete(timer);
      fn();
    }, delayMs);
    timer.unref();
    this.delays.add(timer);
  }

  private async run(job: Job): Promise<void> {
    const processor = this.processors.find((p) => p.queue === job.queue);
    if (!processor) return;
    job.state = 'active';
    for (;;) {
      job.attemptsMade++;
      try {
        await inSpan(`job ${job.queue}`, jobAttributes(job.queue, job.id, job.attemptsMade), () => processor.process(job.data as never));
        job.state = 'completed';
        break;
      } catch (e) {
        job.failedReason = (e as Error).message;
        if ((e as { permanent?: boolean }).permanent || job.attemptsMade >= JOB_DEFAULTS.attempts) {
          job.state = 'failed';
          break;
        }
        await new Promise((r) => setTimeout(r, JOB_DEFAULTS.backoff.delay * 2 ** (job.attemptsMade - 1)).unref());
      }
    }
    job.finishedAt = new Date().toISOString();
  }

  private trim() {
    if (this.jobs.size <= KEEP) return;
    for (const [key, job] of this.jobs) {
      if (this.jobs.size <= KEEP) break;
      if (job.state === 'completed' || job.state === 'failed') this.jobs.delete(key);
    }
  }
}
