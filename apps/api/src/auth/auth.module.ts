import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config.js';
import { ApiKeyCache } from './api-key-cache.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { CredentialsService } from './credentials.service.js';
import { LoginAttemptsModule } from './login-attempts.module.js';
import { LOGIN_ATTEMPTS_PER_MINUTE, LOGIN_THROTTLER, LOGIN_WINDOW_MS, LoginAttemptsStorage } from './login-attempts.storage.js';
import { RevokedTokens } from './revoked-tokens.js';
import { TOKEN_LIFETIME_SECONDS } from './token-lifetime.js';
import { resolveTokenSecret } from './token-secret.js';

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
      imports: [LoginAttemptsModule],
      inject: [LoginAttemptsStorage],
      useFactory: (storage: LoginAttemptsStorage) => ({
        throttlers: [{ name: LOGIN_THROTTLER, ttl: LOGIN_WINDOW_MS, limit: LOGIN_ATTEMPTS_PER_MINUTE }],
        storage,
        // The client's address alone (not the route): the job dashboard counts on the same key.
        generateKey: (_context, tracker) => tracker,
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [ApiKeyCache, RevokedTokens, CredentialsService, AuthService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [CredentialsService, ApiKeyCache],
})
export class AuthModule {}
