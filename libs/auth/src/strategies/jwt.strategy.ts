import { ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { PrincipalResolver } from '../principal-resolver.service';

/** `Authorization: Bearer <access token>` from a login. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly resolver: PrincipalResolver,
  ) {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: config.auth.jwtSecret, passReqToCallback: true });
  }

  async validate(req: { headers: Record<string, string> }) {
    const result = await this.resolver.resolve(this.resolver.credentialFrom(req.headers));
    if (result.ok) return result.user;
    throw result.status === 403 ? new ForbiddenException(result.message) : new UnauthorizedException(result.message);
  }
}
