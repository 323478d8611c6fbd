import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@gateway/auth-core';
import { AddTeamMemberDto } from './dto/add-team-member.dto';
import { PageQuery } from './dto/page.query';
import { UpdateTeamMemberDto } from './dto/update-team-member.dto';
import { TeamMembersService } from './team-members.service';

/** Members read the list; admins and owners change it; anyone may leave. Outsiders get 404. */
@ApiTags('teams')
@ApiBearerAuth()
@Controller('teams/:id/members')
export class TeamMembersController {
  constructor(private readonly members: TeamMembersService) {}

  @Get()
  list(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() query: PageQuery) {
    return this.members.list(user, id, query.page, query.pageSize);
  }

  @Post()
  add(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: AddTeamMemberDto) {
    return this.members.add(user, id, body);
  }

  @Patch(':userId')
  update(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Param('userId', ParseUUIDPipe) userId: string, @Body() body: UpdateTeamMemberDto) {
    return this.members.update(user, id, userId, body);
  }

  @Delete(':userId')
  @HttpCode(204)
  remove(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Param('userId', ParseUUIDPipe) userId: string) {
    return this.members.remove(user, id, userId);
  }
}
