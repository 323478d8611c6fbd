import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Public } from '@gateway/auth-core';
import { REDIS, RedisClient } from '@gateway/cache';
import { DataSource } from 'typeorm';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: RedisClient,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  live() {
    return { status: 'ok' };
  }

  /** Readiness: the database and Redis (when configured) answer. */
  @Get('ready')
  async ready() {
    const checks: Record<string, string> = {};
    // Each check answers within its deadline: a paused dependency makes readiness fail, not hang.
    const [database, redis] = await Promise.all([
      within(this.db.query('SELECT 1'), 2_000),
      this.redis ? within(this.redis.ping(), 2_000) : Promise.resolve('in-process'),
    ]);
    checks.database = database;
    checks.redis = redis;
    const ok = !Object.values(checks).includes('down');
    if (!ok) throw new ServiceUnavailableException({ status: 'unavailable', checks });
    return { status: 'ok', checks };
  }
}

function within(check: Promise<unknown>, ms: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('down'), ms)));
  return Promise.race([check.then(() => 'up', () => 'down'), late]).finally(() => clearTimeout(timer));
}
