import { isDisconnected } from '@ccp/runtime';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { type ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import type { Redis } from 'ioredis';

type Increment = ThrottlerStorage['increment'];

/**
 * Where login attempts are counted: in Redis, so that the limit holds for an address across every api
 * replica (behind a load balancer a guesser would otherwise get the limit once per replica). While
 * Redis does not answer, each replica counts on its own in memory: logins still work, and the limit
 * still holds per replica. Keys are namespaced like the deployment's queues (QUEUE_PREFIX), so that
 * two deployments sharing a Redis (tests, staging) never count each other's attempts.
 */
export class LoginAttemptsStorage implements ThrottlerStorage {
  private readonly shared: ThrottlerStorageRedisService;
  private readonly local = new ThrottlerStorageService();

  private readonly namespace: string;

  constructor(
    private readonly redis: Redis,
    queuePrefix: string,
  ) {
    this.shared = new ThrottlerStorageRedisService(redis);
    // The library wraps the key in a hash tag of its own.
    this.namespace = queuePrefix.replace(/[{}]/g, '');
  }

  async increment(...[key, ...rest]: Parameters<Increment>): ReturnType<Increment> {
    if (!isDisconnected(this.redis)) {
      try {
        return await this.shared.increment(`${this.namespace}:${key}`, ...rest);
      } catch {
        // Counted here instead, below.
      }
    }
    return this.local.increment(key, ...rest);
  }
}
