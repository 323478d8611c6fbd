import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@gateway/auth-core';
import type { FastifyReply } from 'fastify';
import { CostsQueryDto, LeaderboardQueryDto, RangeQueryDto, UsageQueryDto } from './dto/usage.query';
import { sendUsageCsv } from './usage-csv';
import { rangeOf } from './usage-source';
import { UsageService } from './usage.service';

@ApiTags('usage')
@ApiBearerAuth()
@Controller()
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  /** Without groupBy: paginated request rows. With it: totals per day, model or key. */
  @Get('users/me/usage')
  async mine(@CurrentUser() user: AuthUser, @Query() q: UsageQueryDto) {
    const filter = { ...rangeOf(q.from, q.to), userId: user.id, keyId: q.keyId, teamId: q.teamId, model: q.model };
    if (q.groupBy) return { items: await this.usage.grouped(filter, q.groupBy) };
    return this.usage.rows(filter, q.page, q.pageSize, user.role === 'admin');
  }

  /** The same filters as CSV, streamed (see sendUsageCsv). */
  @Get('users/me/usage.csv')
  async csv(@CurrentUser() user: AuthUser, @Query() q: UsageQueryDto, @Res() reply: FastifyReply) {
    const filter = { ...rangeOf(q.from, q.to), userId: user.id, keyId: q.keyId, teamId: q.teamId, model: q.model };
    await sendUsageCsv(reply, this.usage.allRows(filter, user.role === 'admin'));
  }

  /** One user's usage for the admin's page about them (same filters and shapes as `users/me/usage`). */
  @Roles('admin')
  @Get('admin/users/:id/usage')
  async user(@Param('id', ParseUUIDPipe) id: string, @Query() q: UsageQueryDto) {
    const filter = { ...rangeOf(q.from, q.to), userId: id, keyId: q.keyId, teamId: q.teamId, model: q.model };
    if (q.groupBy) return { items: await this.usage.grouped(filter, q.groupBy) };
    return this.usage.rows(filter, q.page, q.pageSize, true);
  }

  @Roles('admin')
  @Get('admin/stats')
  stats() {
    return this.usage.stats();
  }

  @Roles('admin')
  @Get('admin/usage/summary')
  summary(@Query() q: RangeQueryDto) {
    return this.usage.summary(rangeOf(q.from, q.to));
  }

  @Roles('admin')
  @Get('admin/usage/leaderboard')
  async leaderboard(@Query() q: LeaderboardQueryDto) {
    return { items: await this.usage.leaderboard(rangeOf(q.from, q.to), q.limit, q.groupBy === 'team') };
  }

  @Roles('admin')
  @Get('admin/costs')
  async costs(@Query() q: CostsQueryDto) {
    return { groupBy: q.groupBy, items: await this.usage.grouped(rangeOf(q.from, q.to), q.groupBy) };
  }
}
