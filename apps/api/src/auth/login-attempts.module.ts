import { RedisClient } from '@ccp/runtime';
import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { LoginAttemptsStorage } from './login-attempts.storage.js';

/** The one count of password checks per address, for `POST /auth/login` and the job dashboard. */
@Module({
  providers: [
    {
      provide: LoginAttemptsStorage,
      inject: [RedisClient, AppConfig],
      useFactory: (redis: RedisClient, config: AppConfig) => new LoginAttemptsStorage(redis, config.queuePrefix),
    },
  ],
  exports: [LoginAttemptsStorage],
})
export class LoginAttemptsModule {}
