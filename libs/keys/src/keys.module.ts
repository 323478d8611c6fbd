import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@gateway/audit';
import { BudgetSpendReader } from '@gateway/billing';
import { ApiKey } from './entities/api-key.entity';
import { KeysController } from './keys.controller';
import { ApiKeysRepository } from './keys.repository';
import { KeysService } from './keys.service';

@Module({
  imports: [AuditModule, TypeOrmModule.forFeature([ApiKey])],
  controllers: [KeysController],
  providers: [ApiKeysRepository, KeysService, BudgetSpendReader],
  exports: [ApiKeysRepository, KeysService],
})
export class KeysModule {}
