import { randomUUID } from 'node:crypto';
import { QUEUE_PREFIX, workerHeartbeatsKey } from '@ccp/jobs';
import { OwnRedisServer } from '@ccp/runtime/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, testQueuePrefix } from '../../test/app.js';
import { apiTestbed } from '../../test/testbed.js';
import { beatAsWorker, stopBeating } from '../../test/worker-beats.js';

/**
 * Worker heartbeats as apps/worker writes them (`beatAsWorker`), under the test app's own queue
 * prefix: the real workers' heartbeats (`ccp:workers`) never count for it.
 */

describe('health against the shared Redis', () => {
  const prefix = testQueuePrefix();
  const instance = `health-int-spec-${randomUUID()}`;
  let app: NestFastifyApplication;
  let redis: Redis;
  beforeAll(async () => {
    app = await startApp({ QUEUE_PREFIX: prefix });
    redis = new Redis('redis://127.0.0.1:6379');
  });
  afterAll(async () => {
    await redis?.del(workerHeartbeatsKey(prefix));
    redis?.disconnect();
    await app?.close();
  });

  const ready = () => app.inject({ method: 'GET', url: '/health/ready' });

  it('GET /health/live answers 200 while the process is up', async () => {
    const res = await app.inject({ method: 'GET', url: '/health/live' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok' });
  });

  it('GET /health/ready answers 200 "degraded" while no worker beats: missing workers never take a deciding replica out', async () => {
    const res = await ready();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'degraded',
      details: {
        database: { status: 'up' },
        redis: { status: 'up' },
        policies: { status: 'up' },
        worker: { status: 'degraded', message: 'no worker heartbeat in the last 15 s' },
      },
    });
  });

  it('GET /health/ready answers 200 "ok" with the database, Redis, the policies and a worker heartbeat', async () => {
    await beatAsWorker(redis, prefix, instance);
    const res = await ready();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' }, redis: { status: 'up' }, policies: { status: 'up' }, worker: { status: 'up', instances: 1 } },
    });
  });
});

describe('readiness through a database outage (PostgreSQL)', () => {
  const bed = apiTestbed('postgresql', { demo: true, apiKey: true });

  const ready = () => bed.app.inject({ method: 'GET', url: '/health/ready' });
  const startCall = (callId: string) =>
    bed.app.inject({
      method: 'POST',
      url: '/api/v1/calls',
      headers: { authorization: bed.apiKey },
      payload: { callId, call: { kind: 'virtual-agent' } },
    });

  it('stays ready, "degraded" naming the database, while the policies of the live calls are in memory: the replica goes on deciding', async () => {
    expect((await startCall('before-the-outage')).statusCode).toBe(201);
    await bed.database.cutOff();
    try {
      const res = await ready();
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'degraded',
        details: { redis: { status: 'up' }, policies: { status: 'up', activeAccounts: 1 }, database: { status: 'degraded' } },
      });
      expect((await startCall('during-the-outage')).statusCode).toBe(201);
    } finally {
      await bed.database.restore();
    }
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

  it('is ready while a worker beats, among many other keys (one key lists the workers: no SCAN), and not once the beat expires', async () => {
    // Enough other keys that SCAN takes several calls to reach the heartbeat.
    const filler = Array.from({ length: 5_000 }, (_, i) => [`filler:${i}`, '1']).flat();
    await redis.mset(...filler);
    // Another prefix's worker (the real queues') is not this app's worker.
    await beatAsWorker(redis, QUEUE_PREFIX, 'worker-of-the-real-queues');
    expect((await ready()).json().details.worker).toMatchObject({ status: 'degraded' });

    await beatAsWorker(redis, prefix, 'worker-1', 1_000);
    const up = await ready();
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().details.worker).toMatchObject({ status: 'up', instances: 1 });

    await beatAsWorker(redis, prefix, 'worker-2');
    expect((await ready()).json().details.worker).toMatchObject({ status: 'up', instances: 2 });

    await stopBeating(redis, prefix, 'worker-2');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const down = await ready();
    expect(down.statusCode).toBe(200);
    expect(down.json().details.worker).toMatchObject({ status: 'degraded', message: 'no worker heartbeat in the last 15 s' });
  });
});

describe('health when Redis goes away', () => {
  let server: OwnRedisServer;
  let app: NestFastifyApplication;
  beforeAll(async () => {
    server = await OwnRedisServer.start();
    const prefix = testQueuePrefix();
    const redis = new Redis(server.url);
    await beatAsWorker(redis, prefix, 'worker-1', 60_000);
    redis.disconnect();
    app = await startApp({ REDIS_URL: server.url, QUEUE_PREFIX: prefix });
  });
  afterAll(async () => {
    await app?.close();
    await server?.stop();
  });

  it('is ready while its Redis answers, then 503 naming the redis and policies checks once it stops; still live', async () => {
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
      checks: { database: { status: 'up' }, redis: { status: 'down' }, policies: { status: 'down' }, worker: { status: 'degraded' } },
      requestId: after.headers['x-request-id'],
    });
    expect(body.detail).toMatch(
      /^Not ready: redis is down \(connect ECONNREFUSED 127\.0\.0\.1:\d+\); policies is down \(The call session store \(Redis\) does not answer; try again shortly\)$/,
    );

    const live = await app.inject({ method: 'GET', url: '/health/live' });
    expect(live.statusCode).toBe(200);
  });
});
