export * from './entities/usage-daily.entity';
export * from './entities/usage-log.entity';
