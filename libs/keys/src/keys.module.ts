import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@gateway/audit';
import { BudgetSpendReader } from '@gateway/billing';
import { ModelsModule } from '@gateway/models';
import { UsersModule } from '@gateway/users';
import { ApiKey } from './entities/api-key.entity';
import { KeyModelAccess } from './key-model-access';
import { KeysController } from './keys.controller';
import { ApiKeysRepository } from './keys.repository';
import { KeysService } from './keys.service';

@Module({
  imports: [AuditModule, ModelsModule, TypeOrmModule.forFeature([ApiKey]), UsersModule],
  controllers: [KeysController],
  providers: [ApiKeysRepository, BudgetSpendReader, KeyModelAccess, KeysService],
  exports: [ApiKeysRepository, KeysService],
})
export class KeysModule {}
