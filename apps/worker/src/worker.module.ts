import { QUEUES } from '@ccp/jobs';
import { ConfigurationModule } from '@ccp/runtime/nest';
import { BullModule, Processor } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { CallHistoryModule } from './call-history/call-history.module.js';
import type { Env } from './config/env.js';
import { WorkerConfig } from './config/worker-config.js';
import { DatabaseModule } from './database/database.module.js';
import { ExclusionExportsModule } from './exclusion-exports/exclusion-exports.module.js';
import { ExclusionImportsModule } from './exclusion-imports/exclusion-imports.module.js';
import { ExclusionImportsProcessor } from './exclusion-imports/exclusion-imports.processor.js';
import { Heartbeat } from './heartbeat/heartbeat.service.js';
import { WorkerIdentity } from './heartbeat/worker-identity.js';
import { WorkerHttpModule } from './http/worker-http.module.js';
import { WorkerMetricsModule } from './metrics/worker-metrics.module.js';
import { PolicySnapshotsModule } from './policy-snapshots/policy-snapshots.module.js';
import { QueueConnection } from './redis/queue-connection.js';
import { RedisModule } from './redis/redis.module.js';

@Module({})
export class WorkerModule {
  static forRoot(env: Env, identity: WorkerIdentity): DynamicModule {
    // @Processor's worker options are static metadata; these come from the validated config, so they
    // are set on the class here, before Nest reads them. A killed worker's job is taken over once its
    // lock expires (lockDuration) and the next stalled check sees it (stalledInterval); a job may
    // stall twice (two crashed workers) before it fails.
    Processor(QUEUES.exclusionImports, {
      concurrency: env.concurrency,
      lockDuration: env.lockDurationMs,
      stalledInterval: env.lockDurationMs,
      maxStalledCount: 2,
    })(ExclusionImportsProcessor);
    return {
      module: WorkerModule,
      // The identity is the worker process's: every module may name it (heartbeat, the history's consumer).
      global: true,
      imports: [
        ConfigurationModule.forRoot(WorkerConfig, env),
        DatabaseModule,
        RedisModule,
        WorkerMetricsModule,
        BullModule.forRootAsync({
          inject: [WorkerConfig, QueueConnection],
          useFactory: (config: WorkerConfig, queues: QueueConnection) => ({ connection: queues.connection, prefix: config.queuePrefix }),
        }),
        ExclusionImportsModule,
        ExclusionExportsModule,
        PolicySnapshotsModule,
        CallHistoryModule,
        WorkerHttpModule,
      ],
      providers: [{ provide: WorkerIdentity, useValue: identity }, Heartbeat],
      exports: [WorkerIdentity],
    };
  }
}
