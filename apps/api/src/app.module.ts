import { ConfigurationModule } from '@ccp/runtime/nest';
import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ApiKeysModule } from './api-keys/api-keys.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CallsModule } from './calls/calls.module.js';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import { createValidationPipe } from './common/validation.js';
import { AppConfig } from './config/app-config.js';
import type { Env } from './config/env.js';
import { ConsentModule } from './consent/consent.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DemoModule } from './demo/demo.module.js';
import { EmployeesModule } from './employees/employees.module.js';
import { ExclusionsModule } from './exclusions/exclusions.module.js';
import { HealthModule } from './health/health.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { OpsModule } from './ops/ops.module.js';
import { PoliciesModule } from './policies/policies.module.js';
import { QueuesModule } from './queues/queues.module.js';
import { RecordingSettingsModule } from './recording-settings/recording-settings.module.js';
import { RedisModule } from './redis/redis.module.js';
import { SimulateModule } from './simulate/simulate.module.js';

/** The whole API. Feature modules join `imports`. */
@Module({})
export class AppModule {
  /** `extra`: modules mounted beside the API (tests: a throwaway controller). */
  static forRoot(env: Env, extra: NonNullable<ModuleMetadata['imports']> = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigurationModule.forRoot(AppConfig, env),
        RedisModule,
        DatabaseModule,
        MetricsModule,
        JobsModule,
        HealthModule,
        AuthModule,
        AuditModule,
        PoliciesModule,
        RecordingSettingsModule,
        ConsentModule,
        QueuesModule,
        EmployeesModule,
        ExclusionsModule,
        SimulateModule,
        CallsModule,
        ApiKeysModule,
        OpsModule,
        DemoModule,
        ...extra,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
