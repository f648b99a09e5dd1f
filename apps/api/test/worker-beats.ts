import { WORKER_HEARTBEAT_TTL_MS, workerHeartbeatsKey } from '@ccp/jobs';
import type { RedisClient } from '@ccp/runtime';

/**
 * Beats as the worker `instance` of the queue prefix would (`Heartbeat` in apps/worker), counted for
 * `forMs` more: 15 s, a beat just now, by default.
 */
export function beatAsWorker(redis: RedisClient, prefix: string, instance: string, forMs = WORKER_HEARTBEAT_TTL_MS): Promise<number> {
  return redis.zadd(workerHeartbeatsKey(prefix), Date.now() - WORKER_HEARTBEAT_TTL_MS + forMs, instance);
}

/** The worker `instance` stopped (its shutdown removes it). */
export function stopBeating(redis: RedisClient, prefix: string, instance: string): Promise<number> {
  return redis.zrem(workerHeartbeatsKey(prefix), instance);
}
