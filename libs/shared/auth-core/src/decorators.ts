import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@gateway/contracts';
import type { AuthUser } from './auth-user';

export const IS_PUBLIC = 'gw:isPublic';
export const ROLES_KEY = 'gw:roles';
export const JWT_ONLY = 'gw:jwtOnly';

/** The route needs no credentials. Every other route does. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The route is for these roles only (403 for others). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The route refuses API keys: only a logged-in session (JWT) may use it. */
export const JwtOnly = () => SetMetadata(JWT_ONLY, true);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest().user);
