import { bullConnection, closeRedis } from '@ccp/runtime';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Cluster } from 'ioredis';
import { WorkerConfig } from '../config/worker-config.js';

/**
 * BullMQ's connection for the worker's processors and queues (`bullConnection`): on a Redis Cluster a
 * client the queues share, which BullMQ leaves open, so it is closed here, after the processors.
 */
@Injectable()
export class QueueConnection implements OnApplicationShutdown {
  readonly connection: ReturnType<typeof bullConnection>;

  constructor(config: WorkerConfig) {
    this.connection = bullConnection(config.redis, 'ccp-worker-queues');
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.connection instanceof Cluster) await closeRedis(this.connection);
  }
}
