import { WORKER_HEARTBEAT_INTERVAL_MS, WORKER_HEARTBEAT_TTL_MS, workerHeartbeatKey } from '@ccp/jobs';
import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Redis } from 'ioredis';
import { WorkerConfig } from '../config/worker-config.js';
import { WorkerIdentity } from './worker-identity.js';

/**
 * "This worker is alive": every 5 s, `SET <prefix>:worker:heartbeat:<instance> <ISO time> PX 15000`. The
 * api's readiness reads `<prefix>:worker:heartbeat:*`: no key, no worker for 15 s. Deleted on shutdown.
 */
@Injectable()
export class Heartbeat implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Heartbeat');
  private readonly key: string;
  private timer: NodeJS.Timeout | undefined;
  private failing = false;

  constructor(
    private readonly redis: Redis,
    config: WorkerConfig,
    identity: WorkerIdentity,
  ) {
    this.key = workerHeartbeatKey(identity.instance, config.queuePrefix);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), WORKER_HEARTBEAT_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.del(this.key).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    try {
      await this.redis.set(this.key, new Date().toISOString(), 'PX', WORKER_HEARTBEAT_TTL_MS);
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn(`cannot write the heartbeat: ${(error as Error).message}`);
      this.failing = true;
    }
  }
}
