import { ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC, JWT_ONLY, type AuthUser } from '@gateway/auth-core';

/** Global: every route needs an API key or a JWT unless marked @Public(). */
@Injectable()
export class AuthenticatedGuard extends AuthGuard(['api-key', 'jwt']) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  canActivate(context: ExecutionContext) {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    return super.canActivate(context);
  }

  handleRequest<T = AuthUser>(err: unknown, user: T | false, _info: unknown, context: ExecutionContext): T {
    if (err) throw err;
    if (!user) throw new UnauthorizedException('Missing or invalid credentials');
    const jwtOnly = this.reflector.getAllAndOverride<boolean>(JWT_ONLY, [context.getHandler(), context.getClass()]);
    if (jwtOnly && (user as unknown as AuthUser).key) throw new ForbiddenException('This route needs a logged-in session, not an API key');
    return user;
  }
}
