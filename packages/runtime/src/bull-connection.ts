import { Cluster } from 'ioredis';
import { clusterOptions, clusterSeeds, type RedisTarget } from './redis-connection.js';

/** One server's connection, as BullMQ's `RedisOptions` take it. */
export interface BullConnectionOptions {
  readonly url: string;
  readonly connectionName: string;
  readonly connectTimeout: number;
}

/**
 * What BullMQ's workers and queue event readers connect with (`connection`). They block on Redis, so
 * BullMQ wants commands that wait out an outage (`maxRetriesPerRequest: null`, which it sets itself
 * on options, and refuses on a client without it). On one server: options, BullMQ opens and closes
 * its connections. On a cluster: a client not yet connected, which BullMQ duplicates for each worker
 * and event reader (owning the copies); a queue given it connects and shares it, so its owner closes it.
 */
export function bullConnection(target: RedisTarget, connectionName: string): BullConnectionOptions | Cluster {
  if ('url' in target) return { url: target.url, connectionName, connectTimeout: 2_000 };
  const options = clusterOptions(target, connectionName);
  return new Cluster(clusterSeeds(target), {
    ...options,
    lazyConnect: true,
    redisOptions: { ...options.redisOptions, maxRetriesPerRequest: null },
  });
}
