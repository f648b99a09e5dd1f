import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisClient } from '@ccp/runtime';
import { type BeforeApplicationShutdown, Inject, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Cluster } from 'ioredis';
import { type CreateAppOptions, createApp } from '../src/app.factory.js';
import { AppConfig } from '../src/config/app-config.js';
import type { RawEnv } from '../src/config/env.js';

/**
 * `createApp()`, initialised and ready for `app.inject()`; close it in `afterAll`. Unless the test says
 * otherwise, the app gets a fresh SQLite file of its own, no demo tenant, no console, and job queues of its own
 * on the shared Redis (`testQueuePrefix()`), so no test sees another's jobs or the worker's.
 */
export async function startApp(env: RawEnv = {}, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const defaults = {
    DATABASE_URL: `sqlite:${join(tmpdir(), `ccp-api-${randomUUID()}.sqlite`)}`,
    DEMO_SEED: 'false',
    QUEUE_PREFIX: testQueuePrefix(),
    // A built apps/admin would otherwise answer unknown paths with its page; console tests set their own.
    CONSOLE_DIR: 'off',
  };
  const app = await createApp({ ...defaults, ...env }, { ...options, imports: [...(options.imports ?? []), QueueKeysCleanup] });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

const TEST_PREFIX_START = '{ccp-test-';

/**
 * BullMQ writes each queue's `meta` key when it starts: an app on a test's queue prefix removes every
 * key under it when it closes (before its Redis connection does), so the shared Redis keeps nothing.
 */
@Module({})
class QueueKeysCleanup implements BeforeApplicationShutdown {
  constructor(
    @Inject(RedisClient) private readonly redis: RedisClient,
    private readonly config: AppConfig,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    if (this.config.queuePrefix.startsWith(TEST_PREFIX_START)) await removeQueueKeys(this.redis, this.config.queuePrefix).catch(() => {});
  }
}

/** Deletes every key under a test's queue prefix (its queues and its workers' heartbeats). */
export async function removeQueueKeys(redis: RedisClient, prefix: string): Promise<void> {
  if (!prefix.startsWith(TEST_PREFIX_START)) throw new Error(`${prefix} is not a test's queue prefix`);
  if (redis.status !== 'ready') return;
  // SCAN walks one node: on a Redis Cluster, every master (the keys share the prefix's slot, so one DEL each time).
  for (const node of redis instanceof Cluster ? redis.nodes('master') : [redis]) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1_000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  }
}

/** A QUEUE_PREFIX no other test uses (a Redis Cluster hash tag, like the real one). */
export function testQueuePrefix(): string {
  return `${TEST_PREFIX_START}${randomUUID().slice(0, 8)}}`;
}

/** Collects the JSON log lines an app writes (`CreateAppOptions.logStream`). */
export class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  write(line: string): void {
    this.lines.push(JSON.parse(line) as Record<string, unknown>);
  }
}
