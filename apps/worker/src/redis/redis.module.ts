import { closeRedis, connectRedis, RedisClient } from '@ccp/runtime';
import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { WorkerConfig } from '../config/worker-config.js';
import { QueueConnection } from './queue-connection.js';

/**
 * The worker's own Redis connection (heartbeat, policy announcements, the call history). BullMQ opens
 * its connections to the same Redis (`QueueConnection`).
 */
function connect(config: WorkerConfig): RedisClient {
  return connectRedis(config.redis, 'ccp-worker', new Logger('Redis'));
}

@Global()
@Module({
  providers: [{ provide: RedisClient, useFactory: connect, inject: [WorkerConfig] }, QueueConnection],
  exports: [RedisClient, QueueConnection],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(RedisClient) private readonly redis: RedisClient) {}

  onApplicationShutdown(): Promise<void> {
    return closeRedis(this.redis);
  }
}
