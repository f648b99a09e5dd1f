import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LuaScript } from './lua-script.js';
import { closeRedis, connectRedis, duplicateRedis, isDisconnected, type RedisClient, redisAnswers } from './redis-connection.js';
import { OwnRedisCluster } from './testing/index.js';

const quiet = { warn: () => {}, log: () => {} };

describe('a process on a Redis Cluster (REDIS_CLUSTER_NODES)', () => {
  let cluster: OwnRedisCluster;
  let redis: RedisClient;

  beforeAll(async () => {
    cluster = await OwnRedisCluster.start();
    redis = connectRedis({ clusterNodes: cluster.seeds.slice(0, 1) }, 'ccp-test', quiet);
  }, 60_000);

  afterAll(async () => {
    if (redis) await closeRedis(redis);
    await cluster?.stop();
  });

  it('finds every master from one seed and runs scripts on keys of one hash tag', async () => {
    expect(redis).toBeInstanceOf(Cluster);
    const script = new LuaScript("redis.call('SET', KEYS[1], ARGV[1]); return redis.call('INCR', KEYS[2])");
    // Keys of three accounts: their slots are on different masters, each script on its own.
    for (const account of ['a', 'b', 'c']) expect(await script.run(redis, [`ccp:{${account}}:x`, `ccp:{${account}}:n`], ['1'])).toBe(1);
    const masters = new Set(await Promise.all(['a', 'b', 'c'].map((account) => cluster.masterOf(`{${account}}`))));
    expect(masters.size).toBeGreaterThan(1);
  });

  it('duplicates with the same cluster and its own name, and pub/sub reaches a subscriber on any node', async () => {
    const subscriber = duplicateRedis(redis, { connectionName: 'ccp-test-subscriber' });
    const heard = new Promise<string>((resolve) => subscriber.on('message', (_channel: string, message: string) => resolve(message)));
    try {
      expect(subscriber).toBeInstanceOf(Cluster);
      await subscriber.subscribe('{ccp-test}:announcements');
      await redis.publish('{ccp-test}:announcements', 'hello');
      expect(await heard).toBe('hello');
    } finally {
      await closeRedis(subscriber);
    }
  });

  it('closes, and then counts as disconnected: what must answer quickly does not wait for it', async () => {
    const own = connectRedis({ clusterNodes: cluster.seeds }, 'ccp-test-closing', quiet);
    expect(await own.ping()).toBe('PONG');
    expect(isDisconnected(own)).toBe(false);
    await closeRedis(own);
    expect(isDisconnected(own)).toBe(true);
    await expect(own.ping()).rejects.toThrow();
  });

  it('tells before start-up whether the cluster answers', async () => {
    expect(await redisAnswers({ clusterNodes: cluster.seeds })).toBe(true);
    expect(await redisAnswers({ clusterNodes: [{ host: '127.0.0.1', port: 1 }] })).toBe(false);
  });
});
