export * from './audit-context';
export * from './audit-hash';
export * from './audit.module';
export * from './audit.service';
export * from './entities/audit-record.entity';
export * from './jobs/audit-prune.processor';
export * from './redact';
