import { RedisClient } from '@ccp/runtime';
import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { JobMetrics } from './job-metrics.js';
import { ALL_QUEUES, JobQueues } from './job-queues.js';
import { WorkerHeartbeats } from './worker-heartbeats.js';

/**
 * The job queues (`@ccp/jobs`) on REDIS_URL under QUEUE_PREFIX, shared with the worker: the api
 * enqueues, shows them on the dashboard (`/ops/queues`) and in `/metrics`; it never processes jobs.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig, RedisClient],
      // The api's own Redis connection (RedisModule): its queues only enqueue and read, so they share
      // it, fail as fast as it does while Redis is away, and close with it.
      useFactory: (config: AppConfig, redis: RedisClient) => ({ connection: redis, prefix: config.queuePrefix }),
    }),
    BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
  ],
  providers: [JobQueues.provider, JobMetrics, WorkerHeartbeats],
  exports: [BullModule, JobQueues, WorkerHeartbeats],
})
export class JobsModule {}
