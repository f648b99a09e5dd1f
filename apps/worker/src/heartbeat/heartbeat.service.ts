import { WORKER_BEAT_LUA, WORKER_HEARTBEAT_INTERVAL_MS, WORKER_HEARTBEAT_TTL_MS, workerHeartbeatKey, workerHeartbeatsKey } from '@ccp/jobs';
import { LuaScript, RedisClient } from '@ccp/runtime';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { WorkerConfig } from '../config/worker-config.js';
import { WorkerIdentity } from './worker-identity.js';

const BEAT = new LuaScript(WORKER_BEAT_LUA);

/**
 * "This worker is alive": every 5 s, its instance scored with Redis's time in `<prefix>:workers`, and
 * `SET <prefix>:worker:heartbeat:<instance> <ISO time> PX 15000` for people looking. The api's
 * readiness counts the set's members of the last 15 s (`@ccp/jobs`). Both are removed on shutdown.
 */
@Injectable()
export class Heartbeat implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Heartbeat');
  private readonly instance: string;
  private readonly workersKey: string;
  private readonly ownKey: string;
  private timer: NodeJS.Timeout | undefined;
  private failing = false;

  constructor(
    @Inject(RedisClient) private readonly redis: RedisClient,
    config: WorkerConfig,
    identity: WorkerIdentity,
  ) {
    this.instance = identity.instance;
    this.workersKey = workerHeartbeatsKey(config.queuePrefix);
    this.ownKey = workerHeartbeatKey(identity.instance, config.queuePrefix);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), WORKER_HEARTBEAT_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    // Two commands, not one transaction: on a Redis Cluster the two keys may be in different slots.
    await Promise.all([this.redis.zrem(this.workersKey, this.instance), this.redis.del(this.ownKey)]).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    try {
      await Promise.all([
        BEAT.run(this.redis, [this.workersKey], [this.instance, WORKER_HEARTBEAT_TTL_MS]),
        this.redis.set(this.ownKey, new Date().toISOString(), 'PX', WORKER_HEARTBEAT_TTL_MS),
      ]);
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn(`cannot write the heartbeat: ${(error as Error).message}`);
      this.failing = true;
    }
  }
}
