import { Injectable } from '@nestjs/common';
import { ModelsService, type Model } from '@gateway/models';
import { errorBody, GatewayError } from './client-format';
import { GatewayExchange } from './gateway-exchange.service';
import type { GatewayReply, GatewayRequest } from './gateway-reply';

const view = (m: Model) => ({ id: m.name, object: 'model', created: Math.floor(m.createdAt.getTime() / 1000), owned_by: 'gateway' });

/** `GET /v1/models` (the models this caller may use, in OpenAI's list format) and `GET /v1/models/:name`. */
@Injectable()
export class ModelsHandler {
  constructor(
    private readonly exchange: GatewayExchange,
    private readonly models: ModelsService,
  ) {}

  async list(req: GatewayRequest, reply: GatewayReply): Promise<void> {
    try {
      const user = await this.exchange.authenticate(req, reply);
      reply.send({ object: 'list', data: this.models.usableBy(user).map(view) });
    } catch (e) {
      this.refuse(reply, e);
    }
  }

  async get(req: GatewayRequest, reply: GatewayReply, name: string): Promise<void> {
    try {
      const user = await this.exchange.authenticate(req, reply);
      reply.send(view(this.exchange.allowedModel(user, name)));
    } catch (e) {
      this.refuse(reply, e);
    }
  }

  private refuse(reply: GatewayReply, e: unknown) {
    const err = e instanceof GatewayError ? e : new GatewayError(500, 'Internal gateway error');
    reply.status(err.status).send(errorBody('openai', err.status, err.message, err.code));
  }
}
