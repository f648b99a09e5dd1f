import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUEUES } from '@ccp/jobs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyCache } from '../src/auth/api-key-cache.js';
import type { Principal } from '../src/auth/principal.js';
import { AppConfig } from '../src/config/app-config.js';
import { JobQueues } from '../src/jobs/job-queues.js';
import { WorkerHeartbeats } from '../src/jobs/worker-heartbeats.js';
import { startApp } from './app.js';
import { beatAsWorker, stopBeating } from './worker-beats.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const principal = { kind: 'api-key', id: 'key-1', name: 'telephony', account: { id: 'account-1' } } as unknown as Principal;
const revokedInDatabase = async (): Promise<Principal> => {
  throw new Error('This API key was revoked');
};

/**
 * Two products (two checkouts, two databases) on one Redis, database 0, neither setting QUEUE_PREFIX:
 * the default prefix is derived from the database each serves, so neither sees the other's jobs,
 * workers or API-key revocations (issue 13).
 */
describe('two deployments on one Redis, with the default QUEUE_PREFIX', () => {
  const redis = new Redis(REDIS_URL);
  const cleanups: Array<() => Promise<unknown>> = [];
  let first: NestFastifyApplication;
  let second: NestFastifyApplication;

  // QUEUE_PREFIX unset (startApp would otherwise give each app a test prefix): the default is under test.
  const product = () => startApp({ DATABASE_URL: join(tmpdir(), `ccp-product-${randomUUID()}.sqlite`), QUEUE_PREFIX: undefined });
  const prefixOf = (app: NestFastifyApplication) => app.get(AppConfig).queuePrefix;

  beforeAll(async () => {
    first = await product();
    second = await product();
  });

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    // Derived prefixes are this run's own (random SQLite files): remove what the apps left under them.
    for (const app of [first, second]) {
      const prefix = app ? prefixOf(app) : undefined;
      if (prefix && /^\{ccp-[0-9a-f]{8}\}$/.test(prefix)) await deleteKeys(redis, prefix);
    }
    await first?.close();
    await second?.close();
    redis.disconnect();
  });

  it('gives each its own prefix, a Redis Cluster hash tag derived from its database', () => {
    expect(prefixOf(first)).toMatch(/^\{ccp-[0-9a-f]{8}\}$/);
    expect(prefixOf(second)).toMatch(/^\{ccp-[0-9a-f]{8}\}$/);
    expect(prefixOf(first)).not.toBe(prefixOf(second));
  });

  it("keeps one product's queued jobs off the other's queues (the job dashboard lists these)", async () => {
    const queue = first.get(JobQueues).get(QUEUES.exclusionImports);
    const job = await queue.add(
      'import of the first product',
      { accountId: 'a', uploadId: randomUUID() },
      { jobId: `upload-${randomUUID()}` },
    );
    cleanups.push(() => job.remove());

    expect(await queue.getJobCountByTypes('waiting', 'delayed', 'prioritized')).toBe(1);
    const other = second.get(JobQueues).get(QUEUES.exclusionImports);
    expect(await other.getJobs(['waiting', 'delayed', 'prioritized', 'active'])).toEqual([]);
    expect(await other.getJob(job.id as string)).toBeUndefined();
  });

  it("never counts one product's worker as the other's", async () => {
    const instance = `deployments-int-spec-${randomUUID()}`;
    await beatAsWorker(redis, prefixOf(first), instance);
    cleanups.push(() => stopBeating(redis, prefixOf(first), instance));

    expect(await first.get(WorkerHeartbeats).count()).toBe(1);
    expect(await second.get(WorkerHeartbeats).count()).toBe(0);
  });

  it("does not hear the other product's API-key revocations", async () => {
    const [key, probe] = [`hash-${randomUUID()}`, `hash-${randomUUID()}`];
    const onSecond = second.get(ApiKeyCache);
    for (const hash of [key, probe]) await onSecond.principal(hash, async () => principal);

    await first.get(ApiKeyCache).revoked(key);
    // Another replica of the second product revokes the probe after: messages arrive in order, so
    // once the second has forgotten the probe, it has heard everything published before on its channel.
    const replica = new ApiKeyCache(redis, second.get(AppConfig));
    await replica.revoked(probe);
    await expect
      .poll(() => onSecond.principal(probe, revokedInDatabase).catch((error: Error) => error.message))
      .toBe('This API key was revoked');

    expect(await onSecond.principal(key, revokedInDatabase)).toBe(principal);
  });
});

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1_000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
