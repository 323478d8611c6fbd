import { BadRequestException, Body, ConflictException, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuditService } from '@gateway/audit';
import { Roles } from '@gateway/auth-core';
import type { JobView } from '@gateway/contracts';
import { ProvidersService } from '@gateway/providers';
import { ALL_QUEUES, QUEUES, type QueueName } from '@gateway/queue';
import { AggregateUsageDto, ProbeProvidersDto } from './dto/aggregate.dto';
import { JobsQuery } from './dto/jobs.query';
import { JOB_QUEUES, type JobQueues } from './job-queues';

const MAX_DAYS = 366;

/** Admins see, retry and drop background jobs, and run the usage roll-up for any range. */
@ApiTags('jobs')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class JobsController {
  constructor(
    @Inject(JOB_QUEUES) private readonly queues: JobQueues,
    private readonly providers: ProvidersService,
    private readonly audit: AuditService,
  ) {}

  @Get('queues')
  counts() {
    return this.queues.counts();
  }

  @Get('jobs')
  async list(@Query() q: JobsQuery) {
    return { items: (await this.queues.list(q.queue, q.state, q.limit)).map((j) => this.named(j)) };
  }

  @Get('jobs/:queue/:id')
  async get(@Param('queue') queue: string, @Param('id') id: string) {
    const job = await this.queues.get(this.queueOf(queue), id);
    if (!job) throw new NotFoundException('No job with that id');
    return this.named(job);
  }

  @Post('jobs/:queue/:id/retry')
  @HttpCode(200)
  async retry(@Param('queue') queue: string, @Param('id') id: string) {
    if (!(await this.queues.retry(this.queueOf(queue), id))) throw new NotFoundException('No failed job with that id');
    // Jobs live in Redis (or memory), not PostgreSQL: the record follows the action, it cannot share its transaction.
    await this.audit.record({ action: 'job.retry', targetType: 'job', targetId: `${queue}:${id}` });
    return { retried: true };
  }

  @Delete('jobs/:queue/:id')
  @HttpCode(204)
  async remove(@Param('queue') queue: string, @Param('id') id: string) {
    if (!(await this.queues.remove(this.queueOf(queue), id))) throw new NotFoundException('No removable job with that id');
    await this.audit.record({ action: 'job.remove', targetType: 'job', targetId: `${queue}:${id}` });
  }

  @Post('usage/aggregate')
  @HttpCode(202)
  async aggregate(@Body() body: AggregateUsageDto) {
    const from = Date.parse(`${body.from}T00:00:00Z`);
    const to = Date.parse(`${body.to}T00:00:00Z`);
    if (Number.isNaN(from) || Number.isNaN(to) || to < from) throw new BadRequestException(['to must be a valid day on or after from']);
    if ((to - from) / 86_400_000 >= MAX_DAYS) throw new BadRequestException([`at most ${MAX_DAYS} days at once`]);
    const jobs = [];
    for (let d = from; d <= to; d += 86_400_000) {
      const day = new Date(d).toISOString().slice(0, 10);
      jobs.push(await this.queues.add(QUEUES.usageAggregate, { day }, `aggregate-${day}-${Date.now()}`));
    }
    return { items: jobs };
  }

  /** Probe providers now (all enabled ones, or one) instead of waiting for the schedule. */
  @Post('providers/probe')
  @HttpCode(202)
  async probe(@Body() body: ProbeProvidersDto) {
    if (body.providerId) {
      const provider = this.providers.runtime(body.providerId);
      if (!provider) throw new NotFoundException('Provider not found');
      if (!provider.enabled) throw new ConflictException('This provider is disabled: enable it to probe it');
    }
    return this.named(await this.queues.add(QUEUES.providerHealth, body.providerId ? { providerId: body.providerId } : {}));
  }

  /** A provider's name beside its id, read now (a job keeps only the id). */
  private named(job: JobView): JobView {
    const providerId = (job.data as { providerId?: unknown } | null)?.providerId;
    return typeof providerId === 'string' ? { ...job, providerName: this.providers.runtime(providerId)?.name ?? null } : job;
  }

  private queueOf(name: string): QueueName {
    if (!ALL_QUEUES.includes(name as QueueName)) throw new NotFoundException(`No queue named ${name}`);
    return name as QueueName;
  }
}
