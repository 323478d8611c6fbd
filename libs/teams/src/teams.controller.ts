import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@gateway/auth-core';
import { BillingService } from '@gateway/billing';
import { rangeOf, sendUsageCsv, UsageQueryDto, UsageService } from '@gateway/usage';
import { RequestLogService, requestLogFilter, TeamRequestLogQueryDto } from '@gateway/usage';
import type { FastifyReply } from 'fastify';
import { CreateTeamDto } from './dto/create-team.dto';
import { DeleteTeamQuery } from './dto/delete-team.query';
import { PageQuery } from './dto/page.query';
import { UpdateTeamDto } from './dto/update-team.dto';
import { TeamsService } from './teams.service';

/** Admins manage every team; owners their own (name, models, metadata); members may read theirs. */
@ApiTags('teams')
@ApiBearerAuth()
@Controller('teams')
export class TeamsController {
  constructor(
    private readonly teams: TeamsService,
    private readonly billing: BillingService,
    private readonly usage: UsageService,
    private readonly requests: RequestLogService,
  ) {}

  @Roles('admin')
  @Post()
  create(@Body() body: CreateTeamDto) {
    return this.teams.create(body);
  }

  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: PageQuery) {
    return this.teams.list(user, query.page, query.pageSize);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.teams.get(user, id);
  }

  @Patch(':id')
  update(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateTeamDto) {
    return this.teams.update(user, id, body);
  }

  /** The team's account as `/users/me/credits` shows a user's: for its owners and admins. */
  @Get(':id/credits')
  async credits(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() query: PageQuery) {
    await this.teams.managed(user, id);
    return this.billing.credits({ teamId: id }, query.page, query.pageSize);
  }

  /** What the team's keys spent, every member's requests: as `/users/me/usage` (rows or groupBy), for its owners and admins. */
  @Get(':id/usage')
  async teamUsage(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() q: UsageQueryDto) {
    await this.teams.managed(user, id);
    const filter = { ...rangeOf(q.from, q.to), teamId: id, keyId: q.keyId, model: q.model };
    if (q.groupBy) return { items: await this.usage.grouped(filter, q.groupBy) };
    return this.usage.rows(filter, q.page, q.pageSize, user.role === 'admin');
  }

  @Get(':id/usage.csv')
  async teamUsageCsv(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() q: UsageQueryDto, @Res() reply: FastifyReply) {
    await this.teams.managed(user, id);
    await sendUsageCsv(reply, this.usage.allRows({ ...rangeOf(q.from, q.to), teamId: id, keyId: q.keyId, model: q.model }, user.role === 'admin'));
  }

  /** The request log of the team's keys (every member's requests with them): for its owners and admins. */
  @Get(':id/requests')
  async teamRequests(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() q: TeamRequestLogQueryDto) {
    await this.teams.managed(user, id);
    return this.requests.page({ ...requestLogFilter(q), teamId: id }, q.cursor, q.limit, user.role === 'admin');
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string, @Query() query: DeleteTeamQuery) {
    return this.teams.remove(id, query.force === 'true');
  }
}
