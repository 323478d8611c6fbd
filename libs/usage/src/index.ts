export * from './entities/usage-aggregated-day.entity';
export * from './entities/usage-daily.entity';
export * from './entities/usage-log.entity';
export * from './usage-aggregator.service';
export * from './usage.module';
export * from './usage.service';
export * from './dto/usage.query';
export * from './usage-csv';
export { rangeOf } from './usage-source';
