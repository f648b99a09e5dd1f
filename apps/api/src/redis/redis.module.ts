import { Global, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';

/**
 * The API's Redis connection (REDIS_URL), one per process. Inject `Redis` (the ioredis class) where it
 * is needed. The api's BullMQ queues share it (JobsModule); their event readers open their own.
 */
function connect(config: AppConfig): Redis {
  const logger = new Logger('Redis');
  const redis = new Redis(config.redisUrl, {
    connectionName: 'ccp-api',
    // Fail a command after one reconnection attempt instead of queueing it for ~20: a request that
    // needs Redis while it is down answers quickly (503) instead of hanging.
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
  });
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
  providers: [{ provide: Redis, useFactory: connect, inject: [AppConfig] }],
  exports: [Redis],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    // QUIT waits for pending replies; with no connection there is nothing to wait for.
    if (this.redis.status === 'ready') await this.redis.quit();
    else this.redis.disconnect();
  }
}
