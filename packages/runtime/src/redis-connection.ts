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

/**
 * A Redis Cluster (REDIS_CLUSTER_NODES): its seeds, and what every node of it takes alike. A managed
 * cluster (ElastiCache, Memorystore, Azure) wants a password, often an ACL user, and TLS.
 */
export interface RedisClusterTarget {
  readonly clusterNodes: readonly RedisNode[];
  /** An ACL user, given with `password`; without one, the password is the default user's (`requirepass`). */
  readonly username?: string;
  readonly password?: string;
  /** Every node over TLS (rediss://), its certificate checked against Node's CAs (with NODE_EXTRA_CA_CERTS). */
  readonly tls?: boolean;
}

/** The Redis a process uses: one server (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES). */
export type RedisTarget = { readonly url: string } | RedisClusterTarget;

/**
 * A connection to either; both have the same commands, pub/sub and events. Also the Nest DI token
 * of a process's shared connection (`@Inject(RedisClient)`): a union type has no class to inject by.
 */
export type RedisClient = Redis | Cluster;
export const RedisClient = Symbol('RedisClient');

/**
 * Text naming redis:// URLs (a variable's value) as it may be printed: every `//user:password@` as
 * `//user:***@`. A password is masked up to its URL's last `@`, commas included: unencoded, it may hold either.
 */
export function hidePasswords(text: string): string {
  return text.replace(/(:\/\/[^:@/,\s]*:)(?:(?!:\/\/).)*@/g, '$1***@');
}

/** What logs and banners name: the URL, or the cluster's seeds and how they are reached; never a password. */
export function describeRedis(target: RedisTarget): string {
  if ('url' in target) return hidePasswords(target.url);
  const seeds = target.clusterNodes.map(({ host, port }) => `${host.includes(':') ? `[${host}]` : host}:${port}`).join(',');
  const how = [target.tls ? 'TLS' : '', target.username ? `user ${target.username}` : '', target.password ? 'password ***' : ''].filter(
    Boolean,
  );
  return `cluster ${seeds}${how.length > 0 ? ` (${how.join(', ')})` : ''}`;
}

/** A command fails after one reconnection attempt instead of queueing for ~20 (class comment of `connectRedis`). */
const NODE_OPTIONS = { maxRetriesPerRequest: 1, connectTimeout: 2_000 } satisfies RedisOptions;

/** The seeds, as ioredis's `Cluster` takes them. */
export function clusterSeeds(target: RedisClusterTarget): { host: string; port: number }[] {
  return target.clusterNodes.map(({ host, port }) => ({ host, port }));
}

/**
 * What every connection to a cluster's nodes needs to be let in: the credentials and TLS apply to the
 * nodes ioredis discovers, not only to the seeds, so they go in `redisOptions`. Over TLS, seeds keep
 * their names instead of being resolved to addresses first: a node's certificate names its host
 * (ElastiCache's, Memorystore's), and a connection to the bare address would fail the check.
 */
export function clusterAccess(target: RedisClusterTarget): { redisOptions: RedisOptions; dnsLookup?: ClusterOptions['dnsLookup'] } {
  const redisOptions: RedisOptions = {
    ...(target.username !== undefined ? { username: target.username } : {}),
    ...(target.password !== undefined ? { password: target.password } : {}),
    ...(target.tls ? { tls: {} } : {}),
  };
  return target.tls ? { redisOptions, dnsLookup: (hostname, callback) => callback(null, hostname) } : { redisOptions };
}

/**
 * The options of a cluster connection. Reads go to masters (`scaleReads`): a replica may lag, and a
 * call decided on a stale session would be a wrong decision. A node lost in a failover is retried a
 * few times 100 ms apart (about 1.5 s, as `maxRetriesPerRequest` on one server) before a command
 * fails; the cluster reconnects as a single server does, every second at most.
 */
export function clusterOptions(target: RedisClusterTarget, connectionName: string): ClusterOptions {
  const access = clusterAccess(target);
  return {
    ...access,
    redisOptions: { ...NODE_OPTIONS, ...access.redisOptions, connectionName },
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
 * Why a connection failed, as far as can be told: a cluster that reached no node says only "Failed to
 * refresh slots cache."; the last node's own error (NOAUTH, WRONGPASS) says why.
 */
export function redisFailure(error: Error): string {
  const last = (error as Error & { lastNodeError?: unknown }).lastNodeError;
  return last instanceof Error ? `${error.message.replace(/\.$/, '')}: ${last.message}` : error.message;
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
      : new Cluster(clusterSeeds(target), clusterOptions(target, connectionName));
  const where =
    'url' in target ? `Redis at ${describeRedis(target)}` : `Redis Cluster at ${describeRedis(target).slice('cluster '.length)}`;
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    outages.warn(`${where} does not answer (${redisFailure(err)}); retrying`);
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
  return (await whyRedisDoesNotAnswer(target)) === undefined;
}

/**
 * What a process says before it refuses to start because its Redis does not answer (the api's and the
 * worker's main.ts), with the reason and what to do; undefined when it answers.
 */
export async function redisStartupRefusal(target: RedisTarget): Promise<string | undefined> {
  const why = await whyRedisDoesNotAnswer(target);
  if (why === undefined) return undefined;
  return (
    `No Redis answers at ${describeRedis(target)} (${why}). Start one (for example: redis-server --daemonize yes) ` +
    'or point REDIS_URL (or REDIS_CLUSTER_NODES) at yours, then start again.'
  );
}

/** Options of a connection made once: it connects, or fails, within 3 s and is not retried. */
const ONCE = { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3_000 } as const;

/** As `redisAnswers`, with the reason it does not: unreachable, a password refused, a certificate refused. */
export async function whyRedisDoesNotAnswer(target: RedisTarget): Promise<string | undefined> {
  if ('url' in target) return whyAnswerless(new Redis(target.url, { ...ONCE, retryStrategy: () => null }));
  const access = clusterAccess(target);
  const why = await whyAnswerless(
    new Cluster(clusterSeeds(target), {
      ...access,
      lazyConnect: true,
      redisOptions: { ...access.redisOptions, ...ONCE },
      clusterRetryStrategy: () => null,
    }),
  );
  if (why === undefined || !why.endsWith('Connection is closed.')) return why;
  // ioredis asks a cluster's nodes for its slots on connections whose errors it ignores: a refused TLS
  // handshake (a certificate not trusted) leaves only "Connection is closed."; one seed's own connection says why.
  const [seed] = clusterSeeds(target);
  const single = seed && (await whyAnswerless(new Redis({ ...seed, ...access.redisOptions, ...ONCE, retryStrategy: () => null })));
  return single ? `${why} (${seed.host}:${seed.port}: ${single})` : why;
}

/** Connects once and PINGs: undefined if PONG, else why not. Disconnects in any case. */
async function whyAnswerless(redis: RedisClient): Promise<string | undefined> {
  let failure: Error | undefined;
  // A cluster's `error` event says what its rejected connect() does not: the last node's error.
  redis.on('error', (error: Error) => {
    failure ??= error;
  });
  try {
    await redis.connect();
    const pong = await redis.ping();
    return pong === 'PONG' ? undefined : `PING answered ${JSON.stringify(pong)}`;
  } catch (error) {
    return redisFailure(failure ?? (error as Error));
  } finally {
    redis.disconnect();
  }
}
