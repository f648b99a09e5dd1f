import { WORKER_HEARTBEAT_TTL_MS } from '@ccp/jobs';
import { RedisClient } from '@ccp/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { WorkerHeartbeats } from '../jobs/worker-heartbeats.js';

/** Readiness waits this long for the heartbeats, as for PING. */
const READ_TIMEOUT_MS = 1_000;

/**
 * Readiness of the job side: each worker beats every 5 s in `<prefix>:workers` (`WorkerHeartbeats`),
 * so some worker of this QUEUE_PREFIX ran in the last 15 s. Down otherwise: uploads would wait.
 */
@Injectable()
export class WorkerHealthIndicator {
  constructor(
    @Inject(RedisClient) private readonly redis: RedisClient,
    private readonly health: HealthIndicatorService,
    private readonly workers: WorkerHeartbeats,
  ) {}

  isHealthy<const Key extends string>(key: Key) {
    return this.health
      .check(key)
      .attempt(async () => {
        const instances = await this.workers.count().catch((error: Error) => {
          // The redis check says why Redis is away; this one says what that means for the workers.
          throw new Error(`worker heartbeats cannot be read: ${this.redis.status === 'ready' ? error.message : 'Redis does not answer'}`);
        });
        if (instances === 0) throw new Error(`no worker heartbeat in the last ${WORKER_HEARTBEAT_TTL_MS / 1000} s`);
        return { instances };
      })
      .withTimeout(READ_TIMEOUT_MS);
  }
}
