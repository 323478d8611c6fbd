export * from './billing.module';
export * from './billing.service';
export * from './entities/ledger-entry.entity';
export * from './gate/credit-gate';
export * from './pricing';
export * from './usage-record';
export * from './usage-writer.service';
