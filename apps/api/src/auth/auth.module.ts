import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { ApiKeyCache } from './api-key-cache.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { CredentialsService } from './credentials.service.js';
import { LoginAttemptsStorage } from './login-attempts.storage.js';
import { RevokedTokens } from './revoked-tokens.js';
import { TOKEN_LIFETIME_SECONDS } from './token-lifetime.js';
import { resolveTokenSecret } from './token-secret.js';

/** Login attempts per address and minute, before 429 (counted across every replica: `LoginAttemptsStorage`). */
const LOGIN_ATTEMPTS_PER_MINUTE = 10;

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: resolveTokenSecret(config.authTokenSecret, config.databaseUrl),
        signOptions: { expiresIn: TOKEN_LIFETIME_SECONDS, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [Redis, AppConfig],
      useFactory: (redis: Redis, config: AppConfig) => ({
        throttlers: [{ name: 'login', ttl: 60_000, limit: LOGIN_ATTEMPTS_PER_MINUTE }],
        storage: new LoginAttemptsStorage(redis, config.queuePrefix),
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [ApiKeyCache, RevokedTokens, CredentialsService, AuthService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [CredentialsService, ApiKeyCache],
})
export class AuthModule {}
