import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsageAggregatedDay } from './entities/usage-aggregated-day.entity';
import { UsageDaily } from './entities/usage-daily.entity';
import { UsageLog } from './entities/usage-log.entity';
import { RequestLogController } from './request-log.controller';
import { RequestLogService } from './request-log.service';
import { UsageAggregator } from './usage-aggregator.service';
import { UsageController } from './usage.controller';
import { UsageService } from './usage.service';

@Module({
  imports: [TypeOrmModule.forFeature([UsageAggregatedDay, UsageDaily, UsageLog])],
  controllers: [RequestLogController, UsageController],
  providers: [RequestLogService, UsageAggregator, UsageService],
  exports: [RequestLogService, UsageAggregator, UsageService],
})
export class UsageModule {}
