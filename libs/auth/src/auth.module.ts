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
import { UsersModule } from '@gateway/users';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { RefreshToken } from './entities/refresh-token.entity';
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
    TypeOrmModule.forFeature([RefreshToken]),
    UsersModule,
  ],
  controllers: [AuthController],
  providers: [
    AdminBootstrapService,
    ApiKeyStrategy,
    AuthService,
    JwtStrategy,
    PrincipalResolver,
    RefreshTokensRepository,
    { provide: APP_GUARD, useClass: AuthenticatedGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [AdminBootstrapService, AuthService, PrincipalResolver],
})
export class AuthModule {}
