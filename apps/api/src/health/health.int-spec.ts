import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../test/app.js';
import { OwnRedisServer } from '../../test/redis-server.js';

describe('health against the shared Redis', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('GET /health/live answers 200 while the process is up', async () => {
    const res = await app.inject({ method: 'GET', url: '/health/live' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok' });
  });

  it('GET /health/ready answers 200 with Redis up', async () => {
    const res = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', details: { redis: { status: 'up' } } });
  });
});

describe('health when Redis goes away', () => {
  let redis: OwnRedisServer;
  let app: NestFastifyApplication;
  beforeAll(async () => {
    redis = await OwnRedisServer.start();
    app = await startApp({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('is ready while its Redis answers, then 503 naming the redis check once it stops; still live', async () => {
    const before = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(before.statusCode).toBe(200);

    await redis.stop();
    const started = Date.now();
    const after = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(after.statusCode).toBe(503);
    expect(after.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const body = after.json();
    expect(body).toMatchObject({
      type: 'https://ccp.example/problems/service-unavailable',
      status: 503,
      checks: { redis: { status: 'down' } },
      requestId: after.headers['x-request-id'],
    });
    expect(body.detail).toMatch(/^Not ready: redis is down \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/);

    const live = await app.inject({ method: 'GET', url: '/health/live' });
    expect(live.statusCode).toBe(200);
  });
});
