import { closeRedis, connectRedis } from '@ccp/runtime';
import { Global, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';

/**
 * The API's Redis connection (REDIS_URL), one per process. Inject `Redis` (the ioredis class) where it
 * is needed. The api's BullMQ queues share it (JobsModule); their event readers open their own.
 */
function connect(config: AppConfig): Redis {
  return connectRedis(config.redisUrl, 'ccp-api', new Logger('Redis'));
}

@Global()
@Module({
  providers: [{ provide: Redis, useFactory: connect, inject: [AppConfig] }],
  exports: [Redis],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(private readonly redis: Redis) {}

  onApplicationShutdown(): Promise<void> {
    return closeRedis(this.redis);
  }
}
