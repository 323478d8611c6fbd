import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import { QUEUES, type JobPayloads, type JobProcessor } from '@gateway/queue';
import { AuditService } from '../audit.service';

/** Daily: drop audit records past AUDIT_RETENTION_DAYS; the pruning writes its own record. */
@Injectable()
export class AuditPruneProcessor implements JobProcessor<'audit-prune'> {
  readonly queue = QUEUES.auditPrune;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  process(_data: JobPayloads['audit-prune']) {
    return this.audit.prune(this.config.audit.retentionDays);
  }
}
