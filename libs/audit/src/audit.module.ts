import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditContextInterceptor } from './audit-context';
import { AuditController } from './audit.controller';
import { AuditReader } from './audit-reader';
import { AuditService } from './audit.service';
import { AuditRecord } from './entities/audit-record.entity';
import { AuditPruneProcessor } from './jobs/audit-prune.processor';

/** The audit log: `AuditService` for the features that record, the admin routes, the pruning job. */
@Module({
  imports: [TypeOrmModule.forFeature([AuditRecord])],
  controllers: [AuditController],
  providers: [AuditPruneProcessor, AuditReader, AuditService, { provide: APP_INTERCEPTOR, useClass: AuditContextInterceptor }],
  exports: [AuditPruneProcessor, AuditService],
})
export class AuditModule {}
