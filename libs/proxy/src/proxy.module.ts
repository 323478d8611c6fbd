import { Module } from '@nestjs/common';
import { AuthModule } from '@gateway/auth';
import { BillingModule } from '@gateway/billing';
import { ModelsModule } from '@gateway/models';
import { ProvidersModule } from '@gateway/providers';
import { ChatHandler } from './chat.handler';
import { EmbeddingsHandler } from './embeddings.handler';
import { GatewayGate } from './gateway-gate.service';
import { GatewayServer } from './gateway-server';
import { ModelsHandler } from './models.handler';

@Module({
  imports: [AuthModule, BillingModule, ModelsModule, ProvidersModule],
  providers: [ChatHandler, EmbeddingsHandler, GatewayGate, GatewayServer, ModelsHandler],
  exports: [GatewayServer],
})
export class ProxyModule {}
