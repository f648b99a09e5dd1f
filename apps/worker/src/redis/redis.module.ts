import { Global, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { WorkerConfig } from '../config/worker-config.js';

/**
 * The worker's own Redis connection (heartbeat, policy announcements). BullMQ opens its connections
 * from the same REDIS_URL.
 */
function connect(config: WorkerConfig): Redis {
  const logger = new Logger('Redis');
  const redis = new Redis(config.redisUrl, { connectionName: 'ccp-worker', maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  // ioredis retries forever; say so once per outage, not once per attempt.
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger.warn(`Redis at ${config.redisUrl} does not answer (${err.message}); retrying`);
  });
  redis.on('ready', () => {
    if (down) logger.log(`Redis at ${config.redisUrl} answers again`);
    down = false;
  });
  return redis;
}

@Global()
@Module({
  providers: [{ provide: Redis, useFactory: connect, inject: [WorkerConfig] }],
  exports: [Redis],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'ready') await this.redis.quit();
    else this.redis.disconnect();
  }
}
