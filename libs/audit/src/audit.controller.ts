import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@gateway/auth-core';
import type { FastifyReply } from 'fastify';
import { sendAuditCsv } from './audit-csv';
import { AuditReader } from './audit-reader';
import { AuditQueryDto } from './dto/audit.query';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AuditController {
  constructor(private readonly audit: AuditReader) {}

  /** Newest first. */
  @Get('audit')
  list(@Query() query: AuditQueryDto) {
    return this.audit.list(query);
  }

  @Get('audit.csv')
  async csv(@Query() query: AuditQueryDto, @Res() reply: FastifyReply) {
    await sendAuditCsv(reply, this.audit.all(query));
  }

  @Get('audit/verify')
  verify() {
    return this.audit.verify();
  }
}
