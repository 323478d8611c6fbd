import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@gateway/auth-core';
import { ListUsersQuery } from './dto/list-users.query';
import { UpdateUserDto } from './dto/update-user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('users/me')
  async me(@CurrentUser() user: AuthUser) {
    return this.users.detail(await this.users.get(user.id));
  }

  @Roles('admin')
  @Get('admin/users/:id')
  async one(@Param('id', ParseUUIDPipe) id: string) {
    return this.users.detail(await this.users.get(id));
  }

  @Roles('admin')
  @Get('admin/users')
  list(@Query() query: ListUsersQuery) {
    return this.users.list(query.page, query.pageSize, query.search);
  }

  @Roles('admin')
  @Patch('admin/users/:id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUserDto) {
    return this.users.update(id, body);
  }
}
