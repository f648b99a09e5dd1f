import { closeRedis, connectRedis } from '@ccp/runtime';
import { Global, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { WorkerConfig } from '../config/worker-config.js';

/**
 * The worker's own Redis connection (heartbeat, policy announcements). BullMQ opens its connections
 * from the same REDIS_URL.
 */
function connect(config: WorkerConfig): Redis {
  return connectRedis(config.redisUrl, 'ccp-worker', new Logger('Redis'));
}

@Global()
@Module({
  providers: [{ provide: Redis, useFactory: connect, inject: [WorkerConfig] }],
  exports: [Redis],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(private readonly redis: Redis) {}

  onApplicationShutdown(): Promise<void> {
    return closeRedis(this.redis);
  }
}
