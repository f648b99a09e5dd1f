import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONSOLE_DIR, InvalidEnvironmentError, parseEnv } from './env.js';

describe('parseEnv', () => {
  it('gives the defaults of api.md when nothing is set', () => {
    expect(parseEnv({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: './data/ccp.sqlite',
      redis: { url: 'redis://127.0.0.1:6379' },
      demoSeed: true,
      demoAdminPassword: undefined,
      logLevel: 'info',
      authTokenSecret: undefined,
      // Derived from the database (packages/runtime, queue-prefix.ts): see below.
      queuePrefix: expect.stringMatching(/^\{ccp-[0-9a-f]{8}\}$/),
      consoleDir: DEFAULT_CONSOLE_DIR,
      trustProxy: [],
      callSessionTtlMs: 4 * 3600 * 1000,
      migrateOnStart: true,
    });
    expect(DEFAULT_CONSOLE_DIR).toMatch(/apps\/admin\/dist$/);
  });

  it('derives QUEUE_PREFIX from the database when unset: one per database, however spelled, whatever the credentials', () => {
    const prefix = (env: Record<string, string>) => parseEnv(env).queuePrefix;
    expect(prefix({})).toBe(prefix({ DATABASE_URL: './data/ccp.sqlite' }));
    expect(prefix({ DATABASE_URL: resolve('data/ccp.sqlite') })).toBe(prefix({}));
    expect(prefix({ DATABASE_URL: `sqlite:${resolve('data/ccp.sqlite')}` })).toBe(prefix({}));
    expect(prefix({ DATABASE_URL: './data/other.sqlite' })).not.toBe(prefix({}));
    expect(prefix({ DATABASE_URL: 'postgresql://ccp:secret@db:5432/ccp' })).toBe(
      prefix({ DATABASE_URL: 'postgresql://other@db:5432/ccp' }),
    );
    expect(prefix({ DATABASE_URL: 'postgresql://ccp@db:5432/ccp' })).not.toBe(
      prefix({ DATABASE_URL: 'postgresql://ccp@db:5432/ccp_staging' }),
    );
    expect(prefix({ DATABASE_URL: './data/other.sqlite', QUEUE_PREFIX: '{ccp}' })).toBe('{ccp}');
  });

  it('treats an empty variable as unset', () => {
    expect(parseEnv({ PORT: '', DEMO_SEED: ' ' })).toMatchObject({ port: 3000, demoSeed: true });
  });

  it('reads every variable', () => {
    expect(
      parseEnv({
        PORT: '8080',
        HOST: '127.0.0.1',
        DATABASE_URL: 'postgresql://ccp@db:5432/ccp',
        REDIS_URL: 'rediss://cache:6380/2',
        DEMO_SEED: 'false',
        DEMO_ADMIN_PASSWORD: 'correct horse',
        LOG_LEVEL: 'debug',
        AUTH_TOKEN_SECRET: 'k'.repeat(32),
        QUEUE_PREFIX: '{ccp-staging}',
        CONSOLE_DIR: 'off',
        TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1',
        CALL_SESSION_TTL_SECONDS: '600',
        MIGRATE_ON_START: 'false',
      }),
    ).toEqual({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgresql://ccp@db:5432/ccp',
      redis: { url: 'rediss://cache:6380/2' },
      demoSeed: false,
      demoAdminPassword: 'correct horse',
      logLevel: 'debug',
      authTokenSecret: 'k'.repeat(32),
      queuePrefix: '{ccp-staging}',
      consoleDir: null,
      trustProxy: ['127.0.0.1', '10.0.0.0/8', '::1'],
      callSessionTtlMs: 600_000,
      migrateOnStart: false,
    });
  });

  it.each([
    ['DEMO_SEED', '0', { demoSeed: false }],
    ['DEMO_SEED', 'TRUE', { demoSeed: true }],
    ['PORT', '0', { port: 0 }],
  ])('reads %s=%s', (variable, value, expected) => {
    expect(parseEnv({ [variable]: value })).toMatchObject(expected);
  });

  it('connects to a Redis Cluster through REDIS_CLUSTER_NODES, its seeds host:port separated by commas', () => {
    expect(parseEnv({ REDIS_CLUSTER_NODES: 'redis-a:7000, redis-b:7001,[::1]:7002' }).redis).toEqual({
      clusterNodes: [
        { host: 'redis-a', port: 7000 },
        { host: 'redis-b', port: 7001 },
        { host: '::1', port: 7002 },
      ],
    });
  });

  it("connects to a managed Redis Cluster through REDIS_CLUSTER_NODES URLs: the first one's user, password and TLS for every node", () => {
    expect(parseEnv({ REDIS_CLUSTER_NODES: 'rediss://ccp:s%40cret@redis-a:7000,rediss://redis-b:7001' }).redis).toStrictEqual({
      clusterNodes: [
        { host: 'redis-a', port: 7000 },
        { host: 'redis-b', port: 7001 },
      ],
      username: 'ccp',
      password: 's@cret',
      tls: true,
    });
  });

  it('refuses REDIS_CLUSTER_NODES with REDIS_URL: a replica on another Redis than its peers would decide alone', () => {
    expect(() => parseEnv({ REDIS_URL: 'redis://cache:6379', REDIS_CLUSTER_NODES: 'redis-a:7000' })).toThrow(
      'Invalid environment: REDIS_CLUSTER_NODES and REDIS_URL are both set: set REDIS_URL for one Redis, or REDIS_CLUSTER_NODES for a Redis Cluster',
    );
  });

  it.each([
    ['PORT', '70000', 'PORT must be an integer from 0 to 65535 (got "70000")'],
    ['PORT', '30o0', 'PORT must be an integer from 0 to 65535 (got "30o0")'],
    ['REDIS_URL', 'http://cache:6379', 'REDIS_URL must be a redis:// or rediss:// URL (got "http://cache:6379")'],
    [
      'REDIS_CLUSTER_NODES',
      'redis-a:7000,redis://redis-b:7001',
      'REDIS_CLUSTER_NODES mixes host:port seeds and URLs: write every seed as host:port, or every one as a URL (got "redis-a:7000,redis://redis-b:7001")',
    ],
    [
      'REDIS_CLUSTER_NODES',
      'redis-a',
      'REDIS_CLUSTER_NODES must be host:port seeds, or redis:// or rediss:// URLs, separated by commas ("redis-a" is not one) (got "redis-a")',
    ],
    [
      'REDIS_CLUSTER_NODES',
      'rediss://ccp:secret@redis-a:7000,redis://redis-b:7001',
      'REDIS_CLUSTER_NODES mixes redis:// and rediss:// seeds: the nodes of a Redis Cluster all take TLS (rediss://), or none does (got "rediss://ccp:***@redis-a:7000,redis://redis-b:7001")',
    ],
    ['DEMO_SEED', 'yes', 'DEMO_SEED must be true or false (got "yes")'],
    ['MIGRATE_ON_START', 'no', 'MIGRATE_ON_START must be true or false (got "no")'],
    ['LOG_LEVEL', 'verbose', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")'],
    ['DEMO_ADMIN_PASSWORD', 'admin', 'DEMO_ADMIN_PASSWORD must be at least 8 characters long (got 5)'],
    ['AUTH_TOKEN_SECRET', 'short', 'AUTH_TOKEN_SECRET must be at least 32 characters long (got 5)'],
    [
      'QUEUE_PREFIX',
      'ccp:jobs',
      'QUEUE_PREFIX must be 1 to 64 letters, digits or _ . - { } (a Redis key prefix, e.g. {ccp}) (got "ccp:jobs")',
    ],
    [
      'CONSOLE_DIR',
      '/nonexistent/admin/dist',
      'CONSOLE_DIR must be a folder holding the built console (its index.html), or off (got "/nonexistent/admin/dist")',
    ],
    [
      'TRUST_PROXY',
      '127.0.0.1,lb.internal',
      'TRUST_PROXY must be addresses or CIDR ranges separated by commas ("lb.internal" is neither) (got "127.0.0.1,lb.internal")',
    ],
    [
      'TRUST_PROXY',
      '10.0.0.0/33',
      'TRUST_PROXY must be addresses or CIDR ranges separated by commas ("10.0.0.0/33" is neither) (got "10.0.0.0/33")',
    ],
  ])('refuses %s=%s, saying why', (variable, value, message) => {
    expect(() => parseEnv({ [variable]: value })).toThrow(`Invalid environment: ${message}`);
  });

  it('never echoes a secret it refuses', () => {
    expect(() => parseEnv({ AUTH_TOKEN_SECRET: 'hunter2', DEMO_ADMIN_PASSWORD: 'swordfi' })).toThrow(
      'Invalid environment: DEMO_ADMIN_PASSWORD must be at least 8 characters long (got 7); ' +
        'AUTH_TOKEN_SECRET must be at least 32 characters long (got 7)',
    );
  });

  it('names every bad variable at once', () => {
    const error = (() => {
      try {
        parseEnv({ PORT: '-1', DEMO_SEED: 'maybe' });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    expect((error as InvalidEnvironmentError).issues.map((i) => i.variable)).toEqual(['PORT', 'DEMO_SEED']);
  });
});
