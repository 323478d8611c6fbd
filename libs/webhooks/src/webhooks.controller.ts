import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@gateway/auth-core';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { ListWebhooksQuery } from './dto/list-webhooks.query';
import { PageQuery } from './dto/page.query';
import { WebhooksService } from './webhooks.service';

/** Any caller manages their own webhooks, team owners their teams', admins all. Others: 404. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  create(@CurrentUser() user: AuthUser, @Body() body: CreateWebhookDto) {
    return this.webhooks.create(user, body);
  }

  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListWebhooksQuery) {
    return this.webhooks.list(user, query);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.webhooks.remove(user, id);
  }

  @Get(':id/deliveries')
  deliveries(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() query: PageQuery) {
    return this.webhooks.listDeliveries(user, id, query.page, query.pageSize);
  }

  @Post(':id/test')
  @HttpCode(202)
  test(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.webhooks.test(user, id);
  }
}
