import { Redis } from 'ioredis';

/** Where a connection says that Redis went away and came back (a Nest `Logger`). */
export interface OutageLog {
  warn(message: string): void;
  log(message: string): void;
}

/**
 * A process's Redis connection (REDIS_URL). A command fails after one reconnection attempt instead
 * of queueing for ~20, so that what needs Redis while it is down answers quickly; ioredis reconnects
 * for ever, and the outage is said once, not once per attempt.
 */
export function connectRedis(url: string, connectionName: string, outages: OutageLog): Redis {
  const redis = new Redis(url, { connectionName, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    outages.warn(`Redis at ${url} does not answer (${err.message}); retrying`);
  });
  redis.on('ready', () => {
    if (down) outages.log(`Redis at ${url} answers again`);
    down = false;
  });
  return redis;
}

/** Connection states in which a command would only wait for the next reconnection attempt. */
const DISCONNECTED: ReadonlySet<string> = new Set(['reconnecting', 'close', 'end']);

/**
 * Whether the connection is lost right now: between reconnection attempts ioredis would hold a
 * command until the next attempt fails (up to 2 s), so what must answer quickly does without Redis.
 */
export function isDisconnected(redis: Redis): boolean {
  return DISCONNECTED.has(redis.status);
}

/** Closes it: QUIT waits for pending replies; with no connection there is nothing to wait for. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit();
  else redis.disconnect();
}

/** Whether a Redis answers at `url` within a few seconds: a process checks before it starts, to say what to do instead. */
export async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3_000, retryStrategy: () => null });
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
