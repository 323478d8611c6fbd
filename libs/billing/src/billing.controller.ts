import { BadRequestException, Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@gateway/auth-core';
import { BillingService, type Account } from './billing.service';
import { CreditsQuery, ledgerFilter } from './dto/credits.query';
import { GrantCreditsDto } from './dto/grant-credits.dto';

@ApiTags('billing')
@ApiBearerAuth()
@Controller()
export class BillingController {
  constructor(private readonly billing: BillingService) {}

  @Roles('admin')
  @Post('admin/credits/grant')
  grant(@CurrentUser() admin: AuthUser, @Body() body: GrantCreditsDto) {
    return this.billing.grant(accountOf(body), body.amountUsd, body.note, admin.id);
  }

  @Get('users/me/credits')
  credits(@CurrentUser() user: AuthUser, @Query() query: CreditsQuery) {
    return this.billing.credits({ userId: user.id }, query.page, query.pageSize, ledgerFilter(query));
  }

  /** A user's personal ledger, for the admin's page about them. */
  @Roles('admin')
  @Get('admin/users/:id/credits')
  userCredits(@Param('id', ParseUUIDPipe) id: string, @Query() query: CreditsQuery) {
    return this.billing.credits({ userId: id }, query.page, query.pageSize, ledgerFilter(query));
  }
}

function accountOf(body: GrantCreditsDto): Account {
  if ((body.userId === undefined) === (body.teamId === undefined)) throw new BadRequestException(['exactly one of userId and teamId must be given']);
  return body.teamId ? { teamId: body.teamId } : { userId: body.userId! };
}
