import { WORKER_HEARTBEAT_TTL_MS, workerHeartbeatPattern } from '@ccp/jobs';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';

/** Readiness waits this long for the heartbeats, as for PING. */
const SCAN_TIMEOUT_MS = 1_000;

/** Keys SCAN looks at per call: a few calls cover a large keyspace without blocking Redis as KEYS would. */
const SCAN_COUNT = 1_000;

/**
 * Readiness of the job side: each worker refreshes its heartbeat key (`ccp:worker:heartbeat:<instance>`,
 * `@ccp/jobs`) every 5 s with a 15 s expiry, so a key exists while some worker of this QUEUE_PREFIX
 * ran in the last 15 s. Down otherwise: uploads would wait.
 */
@Injectable()
export class WorkerHealthIndicator {
  private readonly pattern: string;

  constructor(
    private readonly redis: Redis,
    private readonly health: HealthIndicatorService,
    config: AppConfig,
  ) {
    this.pattern = workerHeartbeatPattern(config.queuePrefix);
  }

  isHealthy<const Key extends string>(key: Key) {
    return this.health
      .check(key)
      .attempt(async () => {
        const instances = await this.heartbeats().catch((error: Error) => {
          // The redis check says why Redis is away; this one says what that means for the workers.
          throw new Error(`worker heartbeats cannot be read: ${this.redis.status === 'ready' ? error.message : 'Redis does not answer'}`);
        });
        if (instances === 0) throw new Error(`no worker heartbeat in the last ${WORKER_HEARTBEAT_TTL_MS / 1000} s`);
        return { instances };
      })
      .withTimeout(SCAN_TIMEOUT_MS);
  }

  /** How many workers beat (SCAN, never KEYS: it would block Redis on a large keyspace). */
  private async heartbeats(): Promise<number> {
    let cursor = '0';
    let found = 0;
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', this.pattern, 'COUNT', SCAN_COUNT);
      cursor = next;
      found += keys.length;
    } while (cursor !== '0');
    return found;
  }
}
