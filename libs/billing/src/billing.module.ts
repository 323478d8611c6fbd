import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@gateway/audit';
import { REDIS, RedisClient, RespClient } from '@gateway/cache';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import { DbBalanceSource } from './balance-source';
import { BillingController } from './billing.controller';
import { BillingService } from './billing.service';
import { LedgerEntry } from './entities/ledger-entry.entity';
import { CREDIT_GATE } from './gate/credit-gate';
import { MemoryCreditGate } from './gate/memory-gate';
import { RedisCreditGate } from './gate/redis-gate';
import { SettlementJournal } from './gate/settlement-journal';
import { FileUsageOutbox } from './outbox/file-outbox';
import { RedisUsageOutbox } from './outbox/redis-outbox';
import { USAGE_OUTBOX } from './outbox/usage-outbox';
import { UsageWriter } from './usage-writer.service';

@Module({
  imports: [AuditModule, TypeOrmModule.forFeature([LedgerEntry])],
  controllers: [BillingController],
  providers: [
    BillingService,
    DbBalanceSource,
    UsageWriter,
    {
      provide: USAGE_OUTBOX,
      inject: [APP_CONFIG, REDIS],
      useFactory: (config: AppConfig, redis: RedisClient) =>
        redis ? new RedisUsageOutbox(new RespClient(config.redis.url!, config.redis.commandTimeoutMs), config.redis.keyPrefix) : new FileUsageOutbox(join(config.database.dataDir, 'outbox')),
    },
    {
      provide: CREDIT_GATE,
      inject: [APP_CONFIG, REDIS, DbBalanceSource, USAGE_OUTBOX],
      useFactory: (config: AppConfig, redis: RedisClient, source: DbBalanceSource, outbox: FileUsageOutbox | RedisUsageOutbox) =>
        redis
          ? new RedisCreditGate(new RespClient(config.redis.url!, config.redis.commandTimeoutMs), source, config.redis.keyPrefix, new SettlementJournal(join(config.database.dataDir, 'settlements')), config.usage.settleBatchMs)
          : new MemoryCreditGate(source, (r) => (outbox as FileUsageOutbox).append(r)),
    },
  ],
  exports: [BillingService, CREDIT_GATE, UsageWriter],
})
export class BillingModule {}
