import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { looksLikeApiKey } from '@gateway/keys';
import { Strategy } from 'passport-custom';
import { PrincipalResolver } from '../principal-resolver.service';

/** `X-API-Key: gw-…` or `Authorization: Bearer gw-…`. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, 'api-key') {
  constructor(private readonly resolver: PrincipalResolver) {
    super();
  }

  async validate(req: { headers: Record<string, string> }) {
    const credential = this.resolver.credentialFrom(req.headers);
    // Not an API key: let the JWT strategy have it.
    if (!credential || !looksLikeApiKey(credential)) return false;
    const result = await this.resolver.resolve(credential);
    if (result.ok && !result.user.key!.scopes.includes('management')) {
      throw new ForbiddenException('This API key may call the gateway (/v1) only: management routes need a logged-in session or a key with the "management" scope');
    }
    if (result.ok) return result.user;
    throw result.status === 403 ? new ForbiddenException(result.message) : new UnauthorizedException(result.message);
  }
}
