import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_CONFIG, AppConfig } from './app-config.js';
import type { Env } from './env.js';

/**
 * Global: provides `AppConfig` (and `ConfigService`) from an `Env` that `createApp()` has already
 * validated, before Nest starts (the logger needs LOG_LEVEL first). `ConfigModule` is told not to read
 * or write `process.env` itself, so a test's overrides never leak into the next test's app.
 */
@Module({})
export class AppConfigModule {
  static forRoot(env: Env): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          validatePredefined: false,
          skipProcessEnv: true,
          load: [() => ({ [APP_CONFIG]: env })],
        }),
      ],
      providers: [AppConfig],
      exports: [AppConfig],
    };
  }
}
