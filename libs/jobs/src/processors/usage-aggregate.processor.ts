import { Injectable } from '@nestjs/common';
import { PermanentJobError, QUEUES, type JobPayloads } from '@gateway/queue';
import { UsageAggregator } from '@gateway/usage';
import type { JobProcessor } from '../job-processor';

const DAY_MS = 86_400_000;

/** Roll one day of usage logs into daily rows (idempotent: re-running replaces the day). */
@Injectable()
export class UsageAggregateProcessor implements JobProcessor<'usage-aggregate'> {
  readonly queue = QUEUES.usageAggregate;

  constructor(private readonly aggregator: UsageAggregator) {}

  process(data: JobPayloads['usage-aggregate']) {
    return this.aggregator.aggregateDay(resolveDay(data.day));
  }
}

export function resolveDay(day: string, now = Date.now()): string {
  if (day === 'today') return new Date(now).toISOString().slice(0, 10);
  if (day === 'yesterday') return new Date(now - DAY_MS).toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day))) throw new PermanentJobError(`Not a day: ${day}`);
  return day;
}
