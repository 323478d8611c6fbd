import { Injectable } from '@nestjs/common';
import { ModelsService } from '@gateway/models';
import type { GatewayReply, GatewayRequest } from './exchange';
import { ChatHandler } from './chat.handler';
import { errorBody, GatewayError } from './client-format';

/** `GET /v1/models`: the models this caller may use, in OpenAI's list format. */
@Injectable()
export class ModelsHandler {
  constructor(
    private readonly chat: ChatHandler,
    private readonly models: ModelsService,
  ) {}

  async handle(req: GatewayRequest, reply: GatewayReply): Promise<void> {
    try {
      const user = await this.chat.authenticate(req, reply);
      const data = this.models.usableBy(user).map((m) => ({ id: m.name, object: 'model', created: Math.floor(m.createdAt.getTime() / 1000), owned_by: 'gateway' }));
      void reply.send({ object: 'list', data });
    } catch (e) {
      const err = e instanceof GatewayError ? e : new GatewayError(500, 'Internal gateway error');
      void reply.status(err.status).send(errorBody('openai', err.status, err.message, err.code));
    }
  }
}
