import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@gateway/audit';
import { REDIS, RedisClient } from '@gateway/cache';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import { KeysModule } from '@gateway/keys';
import { TeamsModule } from '@gateway/teams';
import { UsersModule } from '@gateway/users';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { RefreshToken } from './entities/refresh-token.entity';
import { OidcLoginCode } from './oidc/entities/oidc-login-code.entity';
import { OidcLoginState } from './oidc/entities/oidc-login-state.entity';
import { SsoSettings } from './oidc/entities/sso-settings.entity';
import { OidcClientService } from './oidc/oidc-client.service';
import { OidcLoginService } from './oidc/oidc-login.service';
import { OidcLoginsRepository } from './oidc/oidc-logins.repository';
import { OidcController } from './oidc/oidc.controller';
import { SsoProvisioner } from './oidc/sso-provisioner.service';
import { SsoSettingsController } from './oidc/sso-settings.controller';
import { SsoSettingsRepository } from './oidc/sso-settings.repository';
import { SsoSettingsService } from './oidc/sso-settings.service';
import { AuthenticatedGuard } from './guards/authenticated.guard';
import { RolesGuard } from './guards/roles.guard';
import { PrincipalResolver } from './principal-resolver.service';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { ApiKeyStrategy } from './strategies/api-key.strategy';
import { JwtStrategy } from './strategies/jwt.strategy';

@Module({
  imports: [
    AuditModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.auth.jwtSecret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
    }),
    KeysModule,
    PassportModule,
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, REDIS],
      useFactory: (config: AppConfig, redis: RedisClient) => ({
        throttlers: [{ name: 'auth', ttl: config.auth.throttleTtlSeconds * 1000, limit: config.auth.throttleLimit }],
        storage: redis ? new RedisThrottlerStorage(redis) : undefined,
      }),
    }),
    TeamsModule,
    TypeOrmModule.forFeature([OidcLoginCode, OidcLoginState, RefreshToken, SsoSettings]),
    UsersModule,
  ],
  controllers: [AuthController, OidcController, SsoSettingsController],
  providers: [
    AdminBootstrapService,
    ApiKeyStrategy,
    AuthService,
    JwtStrategy,
    OidcClientService,
    OidcLoginService,
    OidcLoginsRepository,
    PrincipalResolver,
    RefreshTokensRepository,
    SsoProvisioner,
    SsoSettingsRepository,
    SsoSettingsService,
    { provide: APP_GUARD, useClass: AuthenticatedGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [AdminBootstrapService, AuthService, JwtModule, PrincipalResolver],
})
export class AuthModule {}
