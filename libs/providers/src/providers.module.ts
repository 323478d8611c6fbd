import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@gateway/audit';
import { Provider } from './entities/provider.entity';
import { ProviderHealthCheck } from './entities/provider-health-check.entity';
import { ProviderReferences } from './provider-references';
import { ProvidersController } from './providers.controller';
import { ProvidersRepository } from './providers.repository';
import { ProvidersService } from './providers.service';
import { UpstreamHttp } from './upstream-http.service';

@Module({
  imports: [AuditModule, TypeOrmModule.forFeature([Provider, ProviderHealthCheck])],
  controllers: [ProvidersController],
  providers: [ProviderReferences, ProvidersRepository, ProvidersService, UpstreamHttp],
  exports: [ProviderReferences, ProvidersService, UpstreamHttp],
})
export class ProvidersModule {}
