import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@gateway/auth-core';
import type { FastifyReply } from 'fastify';
import { CostsQueryDto, LeaderboardQueryDto, RangeQueryDto, UsageQueryDto } from './dto/usage.query';
import { csvHeader, csvLine } from './usage-csv';
import type { UsageRowView } from '@gateway/contracts';
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
    const filter = { ...rangeOf(q.from, q.to), userId: user.id, keyId: q.keyId, model: q.model };
    if (q.groupBy) return { items: await this.usage.grouped(filter, q.groupBy) };
    return this.usage.rows(filter, q.page, q.pageSize, user.role === 'admin');
  }

  /**
   * The same filters as CSV: a header line, then one line per request, streamed. The first batch
   * is read before anything is sent, so a database that is down is a 503, not an empty file; a
   * failure later cuts the response without its final chunk, which every HTTP client reports as
   * an incomplete transfer rather than a short file that looks complete.
   */
  @Get('users/me/usage.csv')
  async csv(@CurrentUser() user: AuthUser, @Query() q: UsageQueryDto, @Res() reply: FastifyReply) {
    const filter = { ...rangeOf(q.from, q.to), userId: user.id, keyId: q.keyId, model: q.model };
    const batches = this.usage.allRows(filter, user.role === 'admin');
    const first = await batches.next();
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="usage-${new Date().toISOString().slice(0, 10)}.csv"`,
      'x-request-id': reply.request.id,
    });
    const send = async (rows: UsageRowView[]) => {
      if (!raw.write(rows.map(csvLine).join(''))) await new Promise((r) => raw.once('drain', r));
    };
    raw.write(csvHeader());
    try {
      if (!first.done) await send(first.value);
      for await (const rows of batches) await send(rows);
      raw.end();
    } catch (e) {
      reply.request.log.warn({ err: e }, 'usage.csv cut short');
      raw.destroy(e as Error);
    }
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
    return { items: await this.usage.leaderboard(rangeOf(q.from, q.to), q.limit) };
  }

  @Roles('admin')
  @Get('admin/costs')
  async costs(@Query() q: CostsQueryDto) {
    return { groupBy: q.groupBy, items: await this.usage.grouped(rangeOf(q.from, q.to), q.groupBy) };
  }
}
