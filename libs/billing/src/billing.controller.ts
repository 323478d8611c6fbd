import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@gateway/auth-core';
import { BillingService } from './billing.service';
import { CreditsQuery } from './dto/credits.query';
import { GrantCreditsDto } from './dto/grant-credits.dto';

@ApiTags('billing')
@ApiBearerAuth()
@Controller()
export class BillingController {
  constructor(private readonly billing: BillingService) {}

  @Roles('admin')
  @Post('admin/credits/grant')
  grant(@CurrentUser() admin: AuthUser, @Body() body: GrantCreditsDto) {
    return this.billing.grant(body.userId, body.amountUsd, body.note, admin.id);
  }

  @Get('users/me/credits')
  credits(@CurrentUser() user: AuthUser, @Query() query: CreditsQuery) {
    return this.billing.credits(user.id, query.page, query.pageSize);
  }
}
