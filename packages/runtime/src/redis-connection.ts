import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';

/** Where a connection says that Redis went away and came back (a Nest `Logger`). */
export interface OutageLog {
  warn(message: string): void;
  log(message: string): void;
}

/** One seed of a Redis Cluster (REDIS_CLUSTER_NODES): ioredis discovers the other nodes from it. */
export interface RedisNode {
  readonly host: string;
  readonly port: number;
}

/** The Redis a process uses: one server (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES). */
export type RedisTarget = { readonly url: string } | { readonly clusterNodes: readonly RedisNode[] };

/**
 * A connection to either; both have the same commands, pub/sub and events. Also the Nest DI token
 * of a process's shared connection (`@Inject(RedisClient)`): a union type has no class to inject by.
 */
export type RedisClient = Redis | Cluster;
export const RedisClient = Symbol('RedisClient');

/** What logs and banners name: the URL, or the cluster's seeds. */
export function describeRedis(target: RedisTarget): string {
  return 'url' in target ? target.url : `cluster ${target.clusterNodes.map((n) => `${n.host}:${n.port}`).join(',')}`;
}

/** A command fails after one reconnection attempt instead of queueing for ~20 (class comment of `connectRedis`). */
const NODE_OPTIONS = { maxRetriesPerRequest: 1, connectTimeout: 2_000 } satisfies RedisOptions;

/**
 * The options of a cluster connection. Reads go to masters (`scaleReads`): a replica may lag, and a
 * call decided on a stale session would be a wrong decision. A node lost in a failover is retried a
 * few times 100 ms apart (about 1.5 s, as `maxRetriesPerRequest` on one server) before a command
 * fails; the cluster reconnects as a single server does, every second at most.
 */
export function clusterOptions(connectionName: string): ClusterOptions {
  return {
    redisOptions: { ...NODE_OPTIONS, connectionName },
    enableReadyCheck: true,
    scaleReads: 'master',
    maxRedirections: 6,
    retryDelayOnFailover: 250,
    retryDelayOnClusterDown: 250,
    retryDelayOnTryAgain: 100,
    slotsRefreshTimeout: 2_000,
    clusterRetryStrategy: (times) => Math.min(100 * times, 1_000),
  };
}

/**
 * A process's Redis connection (REDIS_URL, or REDIS_CLUSTER_NODES). A command fails after one
 * reconnection attempt instead of queueing for ~20, so that what needs Redis while it is down answers
 * quickly; ioredis reconnects for ever, and the outage is said once, not once per attempt.
 */
export function connectRedis(target: RedisTarget, connectionName: string, outages: OutageLog): RedisClient {
  const redis =
    'url' in target
      ? new Redis(target.url, { connectionName, ...NODE_OPTIONS })
      : new Cluster(
          target.clusterNodes.map(({ host, port }) => ({ host, port })),
          clusterOptions(connectionName),
        );
  const where = 'url' in target ? `Redis at ${target.url}` : `Redis Cluster at ${describeRedis(target).slice('cluster '.length)}`;
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    outages.warn(`${where} does not answer (${err.message}); retrying`);
  });
  redis.on('ready', () => {
    if (down) outages.log(`${where} answers again`);
    down = false;
  });
  return redis;
}

/** Options a duplicate may change: those of one server's connection, and whether it connects at once. */
export type DuplicateOptions = Pick<RedisOptions, 'connectionName' | 'lazyConnect' | 'enableAutoPipelining'>;

/**
 * Another connection to the same Redis with the same options but these: a cluster's `duplicate` takes
 * other seeds first and the nodes' options apart, so `redis.duplicate(options)` would not do.
 */
export function duplicateRedis(redis: RedisClient, options: DuplicateOptions): RedisClient {
  if (!(redis instanceof Cluster)) return redis.duplicate(options);
  const { connectionName, ...clusterWide } = options;
  return redis.duplicate([], { ...clusterWide, redisOptions: { ...redis.options.redisOptions, connectionName } });
}

/**
 * Connection states in which a command would only wait for the next reconnection attempt, or fail
 * anyway (a cluster is `disconnecting` from its `quit()` until every node's connection closed).
 */
const DISCONNECTED: ReadonlySet<string> = new Set(['reconnecting', 'disconnecting', 'close', 'end']);

/**
 * Whether the connection is lost right now: between reconnection attempts ioredis would hold a
 * command until the next attempt fails (up to 2 s), so what must answer quickly does without Redis.
 * A cluster is lost as a whole only; one master failing over fails its commands after the retries.
 */
export function isDisconnected(redis: RedisClient): boolean {
  return DISCONNECTED.has(redis.status);
}

/** Closes it: QUIT waits for pending replies; with no connection there is nothing to wait for. */
export async function closeRedis(redis: RedisClient): Promise<void> {
  if (redis.status === 'ready') await redis.quit();
  else redis.disconnect();
}

/**
 * Whether a Redis answers within a few seconds: a process checks before it starts, to say what to do
 * instead. A cluster answers when its slots are known and PING reaches a node.
 */
export async function redisAnswers(target: RedisTarget): Promise<boolean> {
  const once = { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3_000 } as const;
  const redis =
    'url' in target
      ? new Redis(target.url, { ...once, retryStrategy: () => null })
      : new Cluster(
          target.clusterNodes.map(({ host, port }) => ({ host, port })),
          { lazyConnect: true, redisOptions: { maxRetriesPerRequest: 0, connectTimeout: 3_000 }, clusterRetryStrategy: () => null },
        );
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
