import { describe, expect, it } from 'vitest';
import { bullConnection } from './bull-connection.js';
import { type RawEnv, readRedisTarget, variables } from './environment.js';
import { clusterOptions, describeRedis, hidePasswords, type RedisTarget } from './redis-connection.js';

/** REDIS_URL and REDIS_CLUSTER_NODES as a process reads them (its env.ts). */
function target(raw: RawEnv): RedisTarget {
  const env = variables(raw);
  const redis = readRedisTarget(env.read, env.refuse);
  env.check();
  return redis;
}

const refusal = (raw: RawEnv): string => {
  try {
    target(raw);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('not refused');
};

describe('REDIS_CLUSTER_NODES', () => {
  it('takes host:port seeds: no password, no TLS', () => {
    expect(target({ REDIS_CLUSTER_NODES: 'redis-a:7000, [::1]:7002' })).toStrictEqual({
      clusterNodes: [
        { host: 'redis-a', port: 7000 },
        { host: '::1', port: 7002 },
      ],
    });
  });

  it("takes URLs as REDIS_URL's: the first one's user, password and TLS apply to every node", () => {
    expect(target({ REDIS_CLUSTER_NODES: 'rediss://ccp:s%2Cecr%40t@node-a:7000,rediss://node-b:7001,rediss://[::1]' })).toStrictEqual({
      clusterNodes: [
        { host: 'node-a', port: 7000 },
        { host: 'node-b', port: 7001 },
        { host: '::1', port: 6379 },
      ],
      username: 'ccp',
      password: 's,ecr@t',
      tls: true,
    });
    expect(target({ REDIS_CLUSTER_NODES: 'redis://:secret@node-a:7000/0,redis://:secret@node-b:7001/' })).toStrictEqual({
      clusterNodes: [
        { host: 'node-a', port: 7000 },
        { host: 'node-b', port: 7001 },
      ],
      password: 'secret',
    });
    expect(target({ REDIS_CLUSTER_NODES: 'rediss://node-a:7000' })).toStrictEqual({
      clusterNodes: [{ host: 'node-a', port: 7000 }],
      tls: true,
    });
  });

  it.each([
    [
      'redis-a:7000,redis://redis-b:7001',
      'REDIS_CLUSTER_NODES mixes host:port seeds and URLs: write every seed as host:port, or every one as a URL (got "redis-a:7000,redis://redis-b:7001")',
    ],
    [
      'rediss://:pw@node-a:7000,node-b:7001',
      'REDIS_CLUSTER_NODES mixes URLs and host:port seeds: write every seed as a URL, or every one as host:port (got "rediss://:***@node-a:7000,node-b:7001")',
    ],
    [
      'rediss://node-a:7000,redis://node-b:7001',
      'REDIS_CLUSTER_NODES mixes redis:// and rediss:// seeds: the nodes of a Redis Cluster all take TLS (rediss://), or none does',
    ],
    [
      'rediss://ccp:one@node-a:7000,rediss://ccp:two@node-b:7001',
      'REDIS_CLUSTER_NODES gives seeds different users or passwords: the nodes of a Redis Cluster share them; give them in the first seed (got "rediss://ccp:***@node-a:7000,rediss://ccp:***@node-b:7001")',
    ],
    ['rediss://node-a:7000,rediss://:pw@node-b:7001', 'REDIS_CLUSTER_NODES gives seeds different users or passwords'],
    ['rediss://ccp:pw@node-a:7000,rediss://admin:pw@node-b:7001', 'REDIS_CLUSTER_NODES gives seeds different users or passwords'],
    ['redis://node-a:7000/2', 'REDIS_CLUSTER_NODES has database 2 in "redis://node-a:7000/2": a Redis Cluster has database 0 only'],
    ['rediss://ccp@node-a:7000', 'REDIS_CLUSTER_NODES names a user without a password in "rediss://ccp@node-a:7000"'],
    ['redis://node-a:7000?tls=true', '("redis://node-a:7000?tls=true" is not one)'],
    ['redis://node-a:70000', '("redis://node-a:70000" is not one)'],
    ['http://node-a:7000', '("http://node-a:7000" is not one)'],
    ['redis-a', 'REDIS_CLUSTER_NODES must be host:port seeds, or redis:// or rediss:// URLs, separated by commas ("redis-a" is not one)'],
  ])('refuses %s', (value, message) => {
    expect(refusal({ REDIS_CLUSTER_NODES: value })).toContain(message);
  });

  it('never repeats a password in a refusal, unencoded commas and @ included', () => {
    for (const value of [
      'rediss://ccp:hunter2@node-a:7000,rediss://ccp:other@node-b:7001',
      'rediss://ccp:hunter2@node-a:7000/5',
      'rediss://ccp:hun,ter2@node-a:7000,redis://node-b:7001',
      'rediss://ccp:hun@ter2@node-a:99999',
    ]) {
      const message = refusal({ REDIS_CLUSTER_NODES: value });
      expect(message).toMatch(/^Invalid environment: REDIS_CLUSTER_NODES /);
      expect(message).not.toMatch(/hunter2|hun,ter2|ter2|other/);
    }
    expect(refusal({ REDIS_URL: 'http://:hunter2@cache:6379' })).not.toContain('hunter2');
  });

  it('is refused beside REDIS_URL, credentials or not', () => {
    expect(refusal({ REDIS_URL: 'redis://cache:6379', REDIS_CLUSTER_NODES: 'rediss://:pw@node-a:7000' })).toBe(
      'Invalid environment: REDIS_CLUSTER_NODES and REDIS_URL are both set: set REDIS_URL for one Redis, or REDIS_CLUSTER_NODES for a Redis Cluster',
    );
  });
});

describe('what a cluster target gives every connection to its nodes', () => {
  const secured = target({ REDIS_CLUSTER_NODES: 'rediss://ccp:secret@node-a:7000,rediss://node-b:7001' });

  it('the credentials and TLS in the options of every node (the discovered ones too), and seeds kept by name over TLS', () => {
    if ('url' in secured) throw new Error('a cluster');
    const options = clusterOptions(secured, 'ccp-api');
    expect(options.redisOptions).toMatchObject({ username: 'ccp', password: 'secret', tls: {}, connectionName: 'ccp-api' });
    const resolved = new Promise((resolve) => options.dnsLookup?.('node-a', (_error, address) => resolve(address)));
    return expect(resolved).resolves.toBe('node-a');
  });

  it('none of them on a plain cluster, and names resolved as before', () => {
    const plain = target({ REDIS_CLUSTER_NODES: 'node-a:7000' });
    if ('url' in plain) throw new Error('a cluster');
    const options = clusterOptions(plain, 'ccp-api');
    expect(options.redisOptions).not.toHaveProperty('password');
    expect(options.redisOptions).not.toHaveProperty('username');
    expect(options.redisOptions).not.toHaveProperty('tls');
    expect(options.dnsLookup).toBeUndefined();
  });

  it("BullMQ's cluster client, and each copy BullMQ makes of it, as the shared connection", () => {
    const bull = bullConnection(secured, 'ccp-worker-queues');
    if (!('duplicate' in bull)) throw new Error('a cluster client');
    const copy = bull.duplicate();
    try {
      for (const client of [bull, copy]) {
        expect(client.options.redisOptions).toMatchObject({ username: 'ccp', password: 'secret', tls: {}, maxRetriesPerRequest: null });
        expect(client.options.dnsLookup).toBeTypeOf('function');
      }
    } finally {
      copy.disconnect();
      bull.disconnect();
    }
  });
});

describe('describeRedis (start-up banners and outage logs)', () => {
  it('names the seeds, TLS and the user, never the password', () => {
    const secured = target({ REDIS_CLUSTER_NODES: 'rediss://ccp:secret@node-a:7000,rediss://[::1]:7001' });
    expect(describeRedis(secured)).toBe('cluster node-a:7000,[::1]:7001 (TLS, user ccp, password ***)');
    expect(describeRedis(target({ REDIS_CLUSTER_NODES: 'node-a:7000' }))).toBe('cluster node-a:7000');
  });

  it("hides REDIS_URL's password too", () => {
    expect(describeRedis({ url: 'rediss://ccp:secret@cache:6380/2' })).toBe('rediss://ccp:***@cache:6380/2');
    expect(describeRedis({ url: 'redis://:secret@cache:6379' })).toBe('redis://:***@cache:6379');
    expect(describeRedis({ url: 'redis://cache:6379' })).toBe('redis://cache:6379');
    expect(hidePasswords('redis://a:6379,rediss://u:p,w@b:1')).toBe('redis://a:6379,rediss://u:***@b:1');
  });
});
