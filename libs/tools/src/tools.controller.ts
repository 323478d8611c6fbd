import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Req, Res } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, JwtOnly, Roles, type AuthUser } from '@gateway/auth-core';
import type { ToolSessionView } from '@gateway/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CreateToolDto, UpdateToolDto } from './dto/tool.dto';
import { clearedCookie, sessionCookie, TOOLS_SESSION_SECONDS } from './tool-session';
import { ToolsService } from './tools.service';

/** Admins register the external tool pages the console shows (served through `/tools/<slug>/`). */
@ApiTags('tools')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/tools')
export class ToolsController {
  constructor(
    private readonly tools: ToolsService,
    private readonly jwt: JwtService,
  ) {}

  @Get()
  async list() {
    return { items: await this.tools.list() };
  }

  @Post()
  create(@Body() body: CreateToolDto) {
    return this.tools.create(body);
  }

  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateToolDto) {
    return this.tools.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string) {
    return this.tools.remove(id);
  }

  /** The cookie that lets the console's frames through `/tools/` for an hour (the console renews it). */
  @JwtOnly()
  @Post('session')
  @HttpCode(200)
  async session(@CurrentUser() user: AuthUser, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<ToolSessionView> {
    const token = await this.jwt.signAsync({ sub: user.id, typ: 'tools' }, { expiresIn: TOOLS_SESSION_SECONDS });
    void reply.header('set-cookie', sessionCookie(token, req.protocol === 'https'));
    return { expiresAt: new Date(Date.now() + TOOLS_SESSION_SECONDS * 1000).toISOString() };
  }

  @JwtOnly()
  @Delete('session')
  @HttpCode(204)
  endSession(@Res({ passthrough: true }) reply: FastifyReply): void {
    void reply.header('set-cookie', clearedCookie());
  }
}
