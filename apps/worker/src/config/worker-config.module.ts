import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import type { Env } from './env.js';
import { WORKER_CONFIG, WorkerConfig } from './worker-config.js';

/**
 * Global: provides `WorkerConfig` from an `Env` that `createWorker()` has already validated, before
 * Nest starts (the logger needs LOG_LEVEL first). `ConfigModule` neither reads nor writes
 * `process.env`, so one test's overrides never leak into the next test's worker.
 */
@Module({})
export class WorkerConfigModule {
  static forRoot(env: Env): DynamicModule {
    return {
      module: WorkerConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          validatePredefined: false,
          skipProcessEnv: true,
          load: [() => ({ [WORKER_CONFIG]: env })],
        }),
      ],
      providers: [WorkerConfig],
      exports: [WorkerConfig],
    };
  }
}
