import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@gateway/auth-core';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { AdminRequestLogQueryDto, MyRequestLogQueryDto, requestLogFilter } from './dto/request-log.query';
import { RequestLogService } from './request-log.service';

class RequestIdParam {
  @IsString() @MinLength(1) @MaxLength(200) requestId: string;
}

/** The request log: admins read everyone's, users their own (a team's owners read the team's under /teams/:id/requests). */
@ApiTags('requests')
@ApiBearerAuth()
@Controller()
export class RequestLogController {
  constructor(private readonly log: RequestLogService) {}

  @Roles('admin')
  @Get('admin/requests')
  all(@Query() q: AdminRequestLogQueryDto) {
    return this.log.page(requestLogFilter(q), q.cursor, q.limit, true);
  }

  /** The caller's own requests (their personal keys and the team keys they hold). */
  @Get('requests')
  mine(@CurrentUser() user: AuthUser, @Query() q: MyRequestLogQueryDto) {
    return this.log.page({ ...requestLogFilter(q), userId: user.id }, q.cursor, q.limit, user.role === 'admin');
  }

  @Get('requests/:requestId')
  detail(@CurrentUser() user: AuthUser, @Param() p: RequestIdParam) {
    return this.log.detail(p.requestId, { id: user.id, admin: user.role === 'admin' });
  }
}
