import { resolve } from 'node:path';
import { defaultQueuePrefix } from '@ccp/runtime';
import { describe, expect, it } from 'vitest';
import { InvalidEnvironmentError, parseEnv } from './env.js';

describe('parseEnv', () => {
  it('gives the defaults when nothing is set', () => {
    expect(parseEnv({})).toEqual({
      databaseUrl: './data/ccp.sqlite',
      redis: { url: 'redis://127.0.0.1:6379' },
      logLevel: 'info',
      concurrency: 2,
      importMemoryBytes: 320 * 1024 * 1024,
      // Derived from the database, by the api's rule (packages/runtime, queue-prefix.ts).
      queuePrefix: defaultQueuePrefix({ driver: 'sqlite', file: './data/ccp.sqlite' }),
      lockDurationMs: 30_000,
      shutdownGraceMs: 10_000,
      niceness: 0,
      databaseShare: 1,
      historyBatchSize: 500,
      historyLingerMs: 500,
      workerPort: 0,
      workerHost: '0.0.0.0',
      migrateOnStart: true,
    });
  });

  it("derives QUEUE_PREFIX from the database when unset, as the api does, so a deployment's processes agree", () => {
    const prefix = (env: Record<string, string>) => parseEnv(env).queuePrefix;
    expect(prefix({})).toMatch(/^\{ccp-[0-9a-f]{8}\}$/);
    expect(prefix({ DATABASE_URL: resolve('data/ccp.sqlite') })).toBe(prefix({}));
    expect(prefix({ DATABASE_URL: './data/other.sqlite' })).not.toBe(prefix({}));
    expect(prefix({ DATABASE_URL: 'postgresql://worker:secret@db/ccp' })).toBe(
      defaultQueuePrefix({ driver: 'postgresql', url: 'postgresql://api@db:5432/ccp' }),
    );
    expect(prefix({ QUEUE_PREFIX: '{ccp}' })).toBe('{ccp}');
  });

  it('reads every variable', () => {
    expect(
      parseEnv({
        DATABASE_URL: 'postgresql://ccp@db:5432/ccp',
        REDIS_URL: 'rediss://cache:6380/2',
        LOG_LEVEL: 'debug',
        WORKER_CONCURRENCY: '8',
        WORKER_IMPORT_MEMORY_MB: '1024',
        QUEUE_PREFIX: '{ccp-staging}',
        WORKER_LOCK_DURATION_MS: '5000',
        WORKER_SHUTDOWN_GRACE_MS: '0',
        WORKER_NICENESS: '10',
        WORKER_DATABASE_SHARE: '50',
        HISTORY_BATCH_SIZE: '100',
        HISTORY_LINGER_MS: '0',
        WORKER_PORT: '9464',
        WORKER_HOST: '127.0.0.1',
        MIGRATE_ON_START: '0',
      }),
    ).toEqual({
      databaseUrl: 'postgresql://ccp@db:5432/ccp',
      redis: { url: 'rediss://cache:6380/2' },
      logLevel: 'debug',
      concurrency: 8,
      importMemoryBytes: 1024 * 1024 * 1024,
      queuePrefix: '{ccp-staging}',
      lockDurationMs: 5_000,
      shutdownGraceMs: 0,
      niceness: 10,
      databaseShare: 0.5,
      historyBatchSize: 100,
      historyLingerMs: 0,
      workerPort: 9464,
      workerHost: '127.0.0.1',
      migrateOnStart: false,
    });
  });

  it('reads REDIS_CLUSTER_NODES as the api does, and refuses it with REDIS_URL', () => {
    expect(parseEnv({ REDIS_CLUSTER_NODES: 'redis-a:7000,redis-b:7001' }).redis).toEqual({
      clusterNodes: [
        { host: 'redis-a', port: 7000 },
        { host: 'redis-b', port: 7001 },
      ],
    });
    expect(() => parseEnv({ REDIS_URL: 'redis://cache:6379', REDIS_CLUSTER_NODES: 'redis-a:7000' })).toThrow(
      'REDIS_CLUSTER_NODES and REDIS_URL are both set',
    );
  });

  it('reads REDIS_CLUSTER_NODES URLs as the api does: a password and TLS for every node, never printed back', () => {
    expect(parseEnv({ REDIS_CLUSTER_NODES: 'rediss://:secret@redis-a:7000,rediss://redis-b:7001' }).redis).toStrictEqual({
      clusterNodes: [
        { host: 'redis-a', port: 7000 },
        { host: 'redis-b', port: 7001 },
      ],
      password: 'secret',
      tls: true,
    });
    expect(() => parseEnv({ REDIS_CLUSTER_NODES: 'rediss://:secret@redis-a:7000,rediss://:other@redis-b:7001' })).toThrow(
      'REDIS_CLUSTER_NODES gives seeds different users or passwords: the nodes of a Redis Cluster share them; give them in the first seed (got "rediss://:***@redis-a:7000,rediss://:***@redis-b:7001")',
    );
  });

  it('refuses bad values, naming every variable and why', () => {
    const refused = (() => {
      try {
        parseEnv({
          WORKER_PORT: '70000',
          WORKER_CONCURRENCY: 'lots',
          REDIS_URL: 'localhost:6379',
          LOG_LEVEL: 'loud',
          DATABASE_URL: 'mysql://x',
          MIGRATE_ON_START: 'maybe',
        });
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(InvalidEnvironmentError);
    expect((refused as InvalidEnvironmentError).issues.map((issue) => issue.variable)).toEqual([
      'DATABASE_URL',
      'REDIS_URL',
      'LOG_LEVEL',
      'WORKER_CONCURRENCY',
      'WORKER_PORT',
      'MIGRATE_ON_START',
    ]);
    expect((refused as Error).message).toContain('WORKER_CONCURRENCY must be an integer from 1 to 64 (got "lots")');
  });
});
