import { Module } from '@nestjs/common';
import { AuthModule } from '@gateway/auth';
import { BillingModule } from '@gateway/billing';
import { ModelsModule } from '@gateway/models';
import { ProvidersModule } from '@gateway/providers';
import { ChatCompletionsCodec } from './codecs/chat-completions.codec';
import { EmbeddingsCodec } from './codecs/embeddings.codec';
import { MessagesCodec } from './codecs/messages.codec';
import { ResponsesCodec } from './codecs/responses.codec';
import { CountTokensHandler } from './count-tokens.handler';
import { GatewayExchange } from './gateway-exchange.service';
import { GatewayGate } from './gateway-gate.service';
import { GatewayServer } from './gateway-server';
import { ModelsHandler } from './models.handler';
import { RunningStreams } from './running-streams';

@Module({
  imports: [AuthModule, BillingModule, ModelsModule, ProvidersModule],
  providers: [
    ChatCompletionsCodec,
    CountTokensHandler,
    EmbeddingsCodec,
    GatewayExchange,
    GatewayGate,
    GatewayServer,
    MessagesCodec,
    ModelsHandler,
    ResponsesCodec,
    RunningStreams,
  ],
  exports: [GatewayServer],
})
export class ProxyModule {}
