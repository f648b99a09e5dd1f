import { LIVE_WORKERS_LUA, WORKER_HEARTBEAT_TTL_MS, workerHeartbeatsKey } from '@ccp/jobs';
import { LuaScript, RedisClient } from '@ccp/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';

const LIVE_WORKERS = new LuaScript(LIVE_WORKERS_LUA);

/**
 * The workers alive now: each scores its instance in `<prefix>:workers` (`@ccp/jobs`) with Redis's
 * time every 5 s, so a member of the last 15 s is a worker of this QUEUE_PREFIX that ran lately. One
 * key, so one command on a Redis Cluster too (a SCAN would walk one node).
 */
@Injectable()
export class WorkerHeartbeats {
  private readonly key: string;

  constructor(
    @Inject(RedisClient) private readonly redis: RedisClient,
    config: AppConfig,
  ) {
    this.key = workerHeartbeatsKey(config.queuePrefix);
  }

  /** How many workers beat in the last 15 s. */
  async count(): Promise<number> {
    return Number(await LIVE_WORKERS.run(this.redis, [this.key], [WORKER_HEARTBEAT_TTL_MS]));
  }
}
