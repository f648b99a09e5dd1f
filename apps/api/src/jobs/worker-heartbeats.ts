import { workerHeartbeatPattern } from '@ccp/jobs';
import { Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';

/** Keys SCAN looks at per call: a few calls cover a large keyspace without blocking Redis as KEYS would. */
const SCAN_COUNT = 1_000;

/**
 * The workers alive now: each refreshes its heartbeat key (`<prefix>:worker:heartbeat:<instance>`,
 * `@ccp/jobs`) every 5 s with a 15 s expiry, so a key exists while some worker of this QUEUE_PREFIX
 * ran in the last 15 s.
 */
@Injectable()
export class WorkerHeartbeats {
  private readonly pattern: string;

  constructor(
    private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.pattern = workerHeartbeatPattern(config.queuePrefix);
  }

  /** How many workers beat (SCAN, never KEYS: it would block Redis on a large keyspace). */
  async count(): Promise<number> {
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
