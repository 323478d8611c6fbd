import { Body, Controller, Delete, ForbiddenException, Get, HttpCode, NotFoundException } from '@nestjs/common';
import { Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@gateway/auth-core';
import { UsersRepository } from '@gateway/users';
import { CreateModelDto } from './dto/create-model.dto';
import { UsableModelsQuery } from './dto/usable-models.query';
import { UpdateModelDto } from './dto/update-model.dto';
import { ModelsService } from './models.service';

/** Everyone may read the catalogue (admins also see disabled models); only admins write. */
@ApiTags('models')
@ApiBearerAuth()
@Controller('models')
export class ModelsController {
  constructor(
    private readonly models: ModelsService,
    private readonly users: UsersRepository,
  ) {}

  @Get()
  list(@CurrentUser() user: AuthUser) {
    return this.models.list(user.role === 'admin');
  }

  /** The models the caller's tier (or, for admins, a given user's) may use, with every price. */
  @Get('usable')
  async usable(@CurrentUser() user: AuthUser, @Query() q: UsableModelsQuery) {
    const admin = user.role === 'admin';
    if (q.userId && q.userId !== user.id && !admin) throw new ForbiddenException("Only admins may read another user's models");
    const tier = q.userId && q.userId !== user.id ? (await this.users.findById(q.userId))?.tier : user.tier;
    if (!tier) throw new NotFoundException('User not found');
    return { tier, items: await this.models.usableByTier(tier, admin) };
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.models.get(id, user.role === 'admin');
  }

  @Roles('admin')
  @Post()
  create(@Body() body: CreateModelDto) {
    return this.models.create(body);
  }

  @Roles('admin')
  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateModelDto) {
    return this.models.update(id, body);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string) {
    return this.models.remove(id);
  }
}
