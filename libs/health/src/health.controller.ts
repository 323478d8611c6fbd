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
    checks.database = await this.db.query('SELECT 1').then(() => 'up', () => 'down');
    checks.redis = this.redis ? await this.redis.ping().then(() => 'up', () => 'down') : 'in-process';
    const ok = !Object.values(checks).includes('down');
    if (!ok) throw new ServiceUnavailableException({ status: 'unavailable', checks });
    return { status: 'ok', checks };
  }
}
