import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import { createValidationPipe } from './common/validation.js';
import { AppConfigModule } from './config/app-config.module.js';
import type { Env } from './config/env.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { RedisModule } from './redis/redis.module.js';

/** The whole API. Feature modules join `imports`. */
@Module({})
export class AppModule {
  /** `extra`: modules mounted beside the API (tests: a throwaway controller). */
  static forRoot(env: Env, extra: NonNullable<ModuleMetadata['imports']> = []): DynamicModule {
    return {
      module: AppModule,
      imports: [AppConfigModule.forRoot(env), RedisModule, MetricsModule, HealthModule, ...extra],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
