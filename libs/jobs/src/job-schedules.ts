import type { AppConfig } from '@gateway/config';
import { QUEUES } from '@gateway/queue';
import type { Schedule } from './job-queues';

/** The repeatable jobs: today's roll-up every few minutes, yesterday's once after midnight UTC, health probes, the webhook sweep, the audit log's pruning. */
export function jobSchedules(config: AppConfig): Schedule[] {
  return [
    { id: 'aggregate-today', queue: QUEUES.usageAggregate, data: { day: 'today' }, everyMs: config.worker.aggregateIntervalSeconds * 1000 },
    { id: 'aggregate-yesterday', queue: QUEUES.usageAggregate, data: { day: 'yesterday' }, cron: '15 0 * * *' },
    { id: 'probe-providers', queue: QUEUES.providerHealth, data: {}, everyMs: config.worker.healthProbeIntervalSeconds * 1000 },
    { id: 'audit-prune', queue: QUEUES.auditPrune, data: {}, cron: '45 0 * * *' },
    { id: 'webhook-sweep', queue: QUEUES.webhookSweep, data: {}, everyMs: config.webhooks.sweepIntervalSeconds * 1000 },
  ];
}
