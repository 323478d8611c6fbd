import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@gateway/audit';
import { AuthModule } from '@gateway/auth';
import { ExternalTool } from './entities/external-tool.entity';
import { ToolsProxyRoute } from './tools-proxy.route';
import { ToolsController } from './tools.controller';
import { ToolsService } from './tools.service';

/** External tool pages: the admin routes, and the `/tools/<slug>/` proxy the bootstrap mounts. */
@Module({
  imports: [AuditModule, AuthModule, TypeOrmModule.forFeature([ExternalTool])],
  controllers: [ToolsController],
  providers: [ToolsProxyRoute, ToolsService],
  exports: [ToolsProxyRoute],
})
export class ToolsModule {}
