import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bullConnection } from './bull-connection.js';
import { readRedisTarget, variables } from './environment.js';
import { LuaScript } from './lua-script.js';
import {
  closeRedis,
  connectRedis,
  duplicateRedis,
  type RedisClusterTarget,
  type RedisTarget,
  redisAnswers,
  whyRedisDoesNotAnswer,
} from './redis-connection.js';
import { OwnRedisCluster } from './testing/index.js';

const quiet = { warn: () => {}, log: () => {} };

/** REDIS_CLUSTER_NODES as a process reads it. */
function fromVariable(value: string): RedisTarget {
  const env = variables({ REDIS_CLUSTER_NODES: value });
  const target = readRedisTarget(env.read, env.refuse);
  env.check();
  return target;
}

/** The first outage warning `connectRedis` says about `target`, and its connection closed. */
async function firstWarning(target: RedisTarget): Promise<string> {
  let redis: ReturnType<typeof connectRedis> | undefined;
  try {
    return await new Promise<string>((resolve) => {
      redis = connectRedis(target, 'ccp-test-refused', { warn: resolve, log: () => {} });
    });
  } finally {
    redis?.disconnect();
  }
}

/**
 * What the api and the worker do on the cluster, each through the connection the product opens:
 * the shared client's scripts, a subscriber duplicated from it, and BullMQ's client and the copies
 * BullMQ makes of it for a worker (a blocking pop) and a queue.
 */
function productConnectionsWork(cluster: () => OwnRedisCluster) {
  it('REDIS_CLUSTER_NODES reads as the cluster is reached', () => {
    expect(fromVariable(cluster().variable)).toStrictEqual(cluster().target);
  });

  it('the shared client runs scripts on every master, and a duplicate hears what it publishes', async () => {
    const redis = connectRedis(fromVariable(cluster().variable), 'ccp-test', quiet);
    const subscriber = duplicateRedis(redis, { connectionName: 'ccp-test-subscriber' });
    try {
      const script = new LuaScript("redis.call('SET', KEYS[1], ARGV[1]); return redis.call('INCR', KEYS[2])");
      for (const account of ['a', 'b', 'c']) expect(await script.run(redis, [`ccp:{${account}}:x`, `ccp:{${account}}:n`], ['1'])).toBe(1);
      const heard = new Promise<string>((resolve) => subscriber.on('message', (_channel: string, message: string) => resolve(message)));
      await subscriber.subscribe('{ccp-test}:announcements');
      await redis.publish('{ccp-test}:announcements', 'hello');
      expect(await heard).toBe('hello');
    } finally {
      await closeRedis(subscriber);
      await closeRedis(redis);
    }
  });

  it("BullMQ's connection and its copies (a worker's blocking pop, a queue's push) reach every node", async () => {
    const bull = bullConnection(fromVariable(cluster().variable), 'ccp-test-queues');
    if (!(bull instanceof Cluster)) throw new Error('a cluster client');
    const worker = bull.duplicate();
    try {
      await bull.connect();
      const popped = worker.brpop('{ccp-test}:wait', 5);
      await bull.lpush('{ccp-test}:wait', 'job-1');
      expect(await popped).toEqual(['{ccp-test}:wait', 'job-1']);
    } finally {
      await closeRedis(worker);
      await closeRedis(bull);
    }
  });

  it('answers the start-up check', async () => {
    expect(await redisAnswers(fromVariable(cluster().variable))).toBe(true);
  });
}

describe('a Redis Cluster with a password, for an ACL user (as ElastiCache RBAC), replicas syncing as that user', () => {
  let cluster: OwnRedisCluster;

  beforeAll(async () => {
    cluster = await OwnRedisCluster.start({ username: 'ccp', password: 'cluster-secret-1', replicas: 1 });
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('is not reached without the password, or with another: the start-up check and the outage log say why', async () => {
    const without: RedisClusterTarget = { clusterNodes: cluster.seeds };
    expect(await redisAnswers(without)).toBe(false);
    expect(await whyRedisDoesNotAnswer(without)).toBe('Failed to refresh slots cache: NOAUTH Authentication required.');
    expect(await firstWarning(without)).toMatch(
      /does not answer \(Failed to refresh slots cache: NOAUTH Authentication required\.\); retrying$/,
    );
    const wrong = { ...cluster.target, password: 'not-the-password' };
    expect(await whyRedisDoesNotAnswer(wrong)).toMatch(/WRONGPASS invalid username-password pair/);
    expect(await firstWarning(wrong)).not.toContain('not-the-password');
  });

  productConnectionsWork(() => cluster);
});

describe("a Redis Cluster over TLS only (clients, replication, cluster bus), with the default user's password", () => {
  let cluster: OwnRedisCluster;
  const trusted = getCACertificates('default');

  beforeAll(async () => {
    cluster = await OwnRedisCluster.start({ password: 'cluster-secret-2', tls: true, replicas: 1 });
    // As NODE_EXTRA_CA_CERTS makes a deployment's processes trust a private CA (Memorystore's).
    setDefaultCACertificates([...trusted, await cluster.ca()]);
  }, 60_000);

  afterAll(async () => {
    setDefaultCACertificates(trusted);
    await cluster?.stop();
  });

  it('is not reached in plain text, nor over TLS without its CA trusted, nor without the password', async () => {
    expect(await redisAnswers({ clusterNodes: cluster.seeds, password: 'cluster-secret-2' })).toBe(false);
    setDefaultCACertificates(trusted);
    try {
      expect(await whyRedisDoesNotAnswer(cluster.target)).toMatch(
        /^Failed to refresh slots cache: Connection is closed\. \(127\.0\.0\.1:\d+: .*certificate/,
      );
    } finally {
      setDefaultCACertificates([...trusted, await cluster.ca()]);
    }
    expect(await whyRedisDoesNotAnswer({ clusterNodes: cluster.seeds, tls: true })).toMatch(/NOAUTH Authentication required/);
  });

  productConnectionsWork(() => cluster);
});
