import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@gateway/auth';
import { BillingModule } from '@gateway/billing';
import { CacheModule } from '@gateway/cache';
import { AppConfig, ConfigModule } from '@gateway/config';
import { dataSourceOptions } from '@gateway/database';
import { HealthModule } from '@gateway/health';
import { JobsModule } from '@gateway/jobs';
import { KeysModule } from '@gateway/keys';
import { MetricsModule } from '@gateway/metrics';
import { ModelsModule } from '@gateway/models';
import { PricingModule } from '@gateway/pricing';
import { ProvidersModule } from '@gateway/providers';
import { ProxyModule } from '@gateway/proxy';
import { TeamsModule } from '@gateway/teams';
import { ToolsModule } from '@gateway/tools';
import { UsageModule } from '@gateway/usage';
import { UsersModule } from '@gateway/users';
import { WebhooksModule } from '@gateway/webhooks';
import { ENTITIES } from '@gateway/entities';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  embedded: boolean;
}

/** The API's composition root: every feature module, wired to one database and one Redis. */
@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, embedded }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AuthModule,
        BillingModule,
        CacheModule,
        ConfigModule.forRoot(config),
        HealthModule,
        JobsModule,
        KeysModule,
        MetricsModule,
        ModelsModule,
        ProvidersModule,
        ProxyModule,
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, ENTITIES, embedded)),
        PricingModule,
        TeamsModule,
        ToolsModule,
        UsageModule,
        UsersModule,
        WebhooksModule,
      ],
    };
  }
}
