import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { closeRedis, connectRedis, redisAnswers, redisStartupRefusal } from './redis-connection.js';

const SHARED_REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A port nothing listens on. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

describe('the Redis connection of a process', () => {
  it('says once that Redis does not answer, however often it retries, and fails a command quickly', async () => {
    const said: string[] = [];
    const redis = connectRedis({ url: `redis://127.0.0.1:${await deadPort()}` }, 'ccp-test', {
      warn: (message) => said.push(`warn: ${message}`),
      log: (message) => said.push(`log: ${message}`),
    });
    try {
      await expect(redis.ping()).rejects.toThrow();
      await sleep(1_500);
      expect(said).toEqual([expect.stringMatching(/^warn: Redis at redis:\/\/127\.0\.0\.1:\d+ does not answer \(.*\); retrying$/)]);
    } finally {
      await closeRedis(redis);
    }
  });

  it('works as a connection when Redis answers, and closes', async () => {
    const redis = connectRedis({ url: SHARED_REDIS }, 'ccp-test', { warn: () => {}, log: () => {} });
    expect(await redis.ping()).toBe('PONG');
    await closeRedis(redis);
    await expect(redis.ping()).rejects.toThrow('Connection is closed');
  });

  it('tells before start-up whether a Redis answers', async () => {
    expect(await redisAnswers({ url: SHARED_REDIS })).toBe(true);
    expect(await redisAnswers({ url: `redis://127.0.0.1:${await deadPort()}` })).toBe(false);
  });

  it('refuses start-up saying where it looked, why Redis does not answer and what to do, and no password', async () => {
    expect(await redisStartupRefusal({ url: SHARED_REDIS })).toBeUndefined();
    const port = await deadPort();
    expect(await redisStartupRefusal({ url: `redis://:hunter2@127.0.0.1:${port}` })).toBe(
      `No Redis answers at redis://:***@127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}). ` +
        'Start one (for example: redis-server --daemonize yes) or point REDIS_URL (or REDIS_CLUSTER_NODES) at yours, then start again.',
    );
  });
});
