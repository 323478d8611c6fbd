import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, JwtOnly, type AuthUser } from '@gateway/auth-core';
import { CreateKeyDto } from './dto/create-key.dto';
import { ListKeysQuery } from './dto/list-keys.query';
import { RotateKeyDto } from './dto/rotate-key.dto';
import { UpdateKeyDto } from './dto/update-key.dto';
import { KeysService } from './keys.service';

@ApiTags('keys')
@ApiBearerAuth()
@JwtOnly()
@Controller('keys')
export class KeysController {
  constructor(private readonly keys: KeysService) {}

  @Post()
  create(@CurrentUser() user: AuthUser, @Body() body: CreateKeyDto) {
    return this.keys.create(user, body);
  }

  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListKeysQuery) {
    return query.teamId ? this.keys.listForTeam(user, query.teamId) : this.keys.list(user, query.userId);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.keys.get(user, id);
  }

  /** The enabled models this key may name: its holder's tier, and its team's allow-list. */
  @Get(':id/models')
  models(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.keys.models(user, id);
  }

  @Patch(':id')
  update(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateKeyDto) {
    return this.keys.update(user, id, body);
  }

  /** A new secret shown once; the old one works for `gracePeriodSeconds` more (default 0). Same rights as PATCH. */
  @Post(':id/rotate')
  @HttpCode(200)
  rotate(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: RotateKeyDto) {
    return this.keys.rotate(user, id, body.gracePeriodSeconds ?? 0);
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.keys.revoke(user, id);
  }
}
