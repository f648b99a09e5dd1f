import { closeRedis, connectRedis, RedisClient } from '@ccp/runtime';
import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';

/**
 * The API's Redis connection (REDIS_URL, or a Redis Cluster: REDIS_CLUSTER_NODES), one per process.
 * Inject it with `@Inject(RedisClient)`. The api's BullMQ queues share it (JobsModule); their event
 * readers open their own.
 */
function connect(config: AppConfig): RedisClient {
  return connectRedis(config.redis, 'ccp-api', new Logger('Redis'));
}

@Global()
@Module({
  providers: [{ provide: RedisClient, useFactory: connect, inject: [AppConfig] }],
  exports: [RedisClient],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(RedisClient) private readonly redis: RedisClient) {}

  onApplicationShutdown(): Promise<void> {
    return closeRedis(this.redis);
  }
}
