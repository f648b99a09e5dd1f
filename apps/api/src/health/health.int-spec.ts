import { randomUUID } from 'node:crypto';
import { workerHeartbeatKey } from '@ccp/jobs';
import { OwnRedisServer } from '@ccp/runtime/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, testQueuePrefix } from '../../test/app.js';

/**
 * Worker heartbeats as apps/worker writes them (`SET <key> <iso> PX 15000`), under the test app's own
 * queue prefix: the real workers' heartbeats (`ccp:worker:heartbeat:*`) never count for it.
 */
const beat = (redis: Redis, key: string, ttlMs = 15_000) => redis.set(key, new Date().toISOString(), 'PX', ttlMs);

describe('health against the shared Redis', () => {
  const prefix = testQueuePrefix();
  const heartbeat = workerHeartbeatKey(`health-int-spec-${randomUUID()}`, prefix);
  let app: NestFastifyApplication;
  let redis: Redis;
  beforeAll(async () => {
    app = await startApp({ QUEUE_PREFIX: prefix });
    redis = new Redis('redis://127.0.0.1:6379');
  });
  afterAll(async () => {
    await redis?.del(heartbeat);
    redis?.disconnect();
    await app?.close();
  });

  const ready = () => app.inject({ method: 'GET', url: '/health/ready' });

  it('GET /health/live answers 200 while the process is up', async () => {
    const res = await app.inject({ method: 'GET', url: '/health/live' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok' });
  });

  it('GET /health/ready answers 503 naming the worker check while no worker beats, the database and Redis up', async () => {
    const res = await ready();
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      type: 'https://ccp.example/problems/service-unavailable',
      detail: 'Not ready: worker is down (no worker heartbeat in the last 15 s)',
      checks: { database: { status: 'up' }, redis: { status: 'up' }, worker: { status: 'down' } },
    });
  });

  it('GET /health/ready answers 200 with the database, Redis and a worker heartbeat', async () => {
    await beat(redis, heartbeat);
    const res = await ready();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' }, redis: { status: 'up' }, worker: { status: 'up', instances: 1 } },
    });
  });
});

describe('health of the workers, on a Redis of its own', () => {
  let server: OwnRedisServer;
  let redis: Redis;
  let app: NestFastifyApplication;
  const prefix = testQueuePrefix();
  beforeAll(async () => {
    server = await OwnRedisServer.start();
    redis = new Redis(server.url);
    app = await startApp({ REDIS_URL: server.url, QUEUE_PREFIX: prefix });
  });
  afterAll(async () => {
    redis?.disconnect();
    await app?.close();
    await server?.stop();
  });

  const ready = () => app.inject({ method: 'GET', url: '/health/ready' });

  it('is ready while a worker beats, among many other keys (SCAN walks them all), and not once the beat expires', async () => {
    // Enough other keys that SCAN takes several calls to reach the heartbeat.
    const filler = Array.from({ length: 5_000 }, (_, i) => [`filler:${i}`, '1']).flat();
    await redis.mset(...filler);
    // Another prefix's worker (the real queues') is not this app's worker.
    await beat(redis, workerHeartbeatKey('worker-of-the-real-queues'));
    expect((await ready()).statusCode).toBe(503);

    await beat(redis, workerHeartbeatKey('worker-1', prefix), 1_000);
    const up = await ready();
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().details.worker).toMatchObject({ status: 'up', instances: 1 });

    await beat(redis, workerHeartbeatKey('worker-2', prefix));
    expect((await ready()).json().details.worker).toMatchObject({ status: 'up', instances: 2 });

    await redis.del(workerHeartbeatKey('worker-2', prefix));
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const down = await ready();
    expect(down.statusCode).toBe(503);
    expect(down.json().checks.worker).toMatchObject({ status: 'down', message: 'no worker heartbeat in the last 15 s' });
  });
});

describe('health when Redis goes away', () => {
  let server: OwnRedisServer;
  let app: NestFastifyApplication;
  beforeAll(async () => {
    server = await OwnRedisServer.start();
    const prefix = testQueuePrefix();
    const redis = new Redis(server.url);
    await beat(redis, workerHeartbeatKey('worker-1', prefix), 60_000);
    redis.disconnect();
    app = await startApp({ REDIS_URL: server.url, QUEUE_PREFIX: prefix });
  });
  afterAll(async () => {
    await app?.close();
    await server?.stop();
  });

  it('is ready while its Redis answers, then 503 naming the redis and worker checks once it stops; still live', async () => {
    const before = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(before.statusCode, before.body).toBe(200);

    await server.stop();
    const started = Date.now();
    const after = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(after.statusCode).toBe(503);
    expect(after.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const body = after.json();
    expect(body).toMatchObject({
      type: 'https://ccp.example/problems/service-unavailable',
      status: 503,
      checks: { database: { status: 'up' }, redis: { status: 'down' }, worker: { status: 'down' } },
      requestId: after.headers['x-request-id'],
    });
    expect(body.detail).toMatch(
      /^Not ready: redis is down \(connect ECONNREFUSED 127\.0\.0\.1:\d+\); worker is down \(worker heartbeats cannot be read: Redis does not answer\)$/,
    );

    const live = await app.inject({ method: 'GET', url: '/health/live' });
    expect(live.statusCode).toBe(200);
  });
});
