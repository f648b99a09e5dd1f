import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callSessionKey } from '@ccp/jobs';
import { RedisClient } from '@ccp/runtime';
import { OwnRedisCluster } from '@ccp/runtime/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login } from './accounts.js';
import { createApiKey } from './api-keys.js';
import { startApp, testQueuePrefix } from './app.js';
import { beatAsWorker } from './worker-beats.js';

/**
 * Two api replicas on a Redis Cluster of the test's own (3 masters): everything the replicas share
 * through Redis works as on one Redis. REDIS_URL is blanked: the test environment may set it, and
 * both set is refused.
 */
const CALLS = '/api/v1/calls';
const SETTINGS = {
  trigger: 'on-answer',
  connectMode: 'automatic',
  transfer: { toQueue: 'keep-original', toEmployee: 'use-destination' },
  queueDefault: { mode: 'automatic', announcement: 'prompt' },
  individualDefault: { inbound: { mode: 'automatic', announcement: 'prompt' }, outbound: { mode: 'manual', announcement: 'never' } },
};
const CALL = { kind: 'queue', customer: '+14085550111', queue: 'billing', linkedAccount: true };
const EVENTS = [
  { type: 'connected' },
  { type: 'redirected', queue: 'sales' },
  { type: 'answered', employee: 'alice' },
  { type: 'agent', action: 'stop' },
  { type: 'transferred', toQueue: 'sales' },
  { type: 'answered', employee: 'bob' },
  { type: 'payment-screen', open: true },
  { type: 'payment-screen', open: false },
  { type: 'ended' },
];

describe('two api replicas on a Redis Cluster (REDIS_CLUSTER_NODES)', () => {
  let cluster: OwnRedisCluster;
  let first: NestFastifyApplication;
  let second: NestFastifyApplication;
  let admin: string;
  let apiKey: string;
  const prefix = testQueuePrefix();

  beforeAll(async () => {
    cluster = await OwnRedisCluster.start();
    const env = {
      DATABASE_URL: `sqlite:${join(tmpdir(), `ccp-api-${randomUUID()}.sqlite`)}`,
      DEMO_SEED: 'true',
      DEMO_ADMIN_PASSWORD: DEMO_PASSWORD,
      AUTH_TOKEN_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
      QUEUE_PREFIX: prefix,
      REDIS_URL: '',
      REDIS_CLUSTER_NODES: cluster.variable,
    };
    first = await startApp(env);
    second = await startApp(env);
    admin = await login(first, 'admin@demo.test');
    await putSettings(first, admin, '"1"', SETTINGS);
    apiKey = await createApiKey(first, admin);
  }, 60_000);

  afterAll(async () => {
    await second?.close();
    await first?.close();
    await cluster?.stop();
  });

  const send = (app: NestFastifyApplication, url: string, payload: unknown, authorization = apiKey) =>
    app.inject({ method: 'POST', url, headers: { authorization }, payload: payload as object });

  it('connects with a Redis Cluster client, and is ready with a worker beating on the cluster', async () => {
    const redis = first.get<RedisClient>(RedisClient);
    expect(redis).toBeInstanceOf(Cluster);
    await beatAsWorker(redis, prefix, 'worker-on-the-cluster');
    const ready = await second.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode, ready.body).toBe(200);
    expect(ready.json().details).toMatchObject({ redis: { status: 'up' }, worker: { status: 'up', instances: 1 } });
  });

  it('decides a call whose events alternate between the replicas as POST /simulate replays it', async () => {
    const simulated = await send(first, '/api/v1/simulate', { call: CALL, events: EVENTS });
    expect(simulated.statusCode, simulated.body).toBe(200);
    const callId = `cluster:${randomUUID()}`;
    expect((await send(second, CALLS, { callId, call: CALL })).statusCode).toBe(201);
    const steps: unknown[] = [];
    for (const [i, event] of EVENTS.entries()) {
      const res = await send(i % 2 ? first : second, `${CALLS}/${encodeURIComponent(callId)}/events`, { event });
      expect(res.statusCode, res.body).toBe(200);
      const { settingsVersion: _, ...step } = res.json();
      steps.push(step);
    }
    expect(steps).toEqual(simulated.json().steps);
  });

  it('keeps call sessions on the cluster and counts the live ones in /metrics', async () => {
    const redis = first.get<RedisClient>(RedisClient);
    const callIds = Array.from({ length: 3 }, () => `cluster:${randomUUID()}`);
    for (const callId of callIds) expect((await send(first, CALLS, { callId, call: CALL })).statusCode).toBe(201);
    const accountId = (await first.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: admin } })).json().account.id;
    for (const callId of callIds) expect(await redis.exists(callSessionKey(accountId, callId))).toBe(1);
    const metrics = await first.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(Number(/^ccp_call_sessions_active (\S+)$/m.exec(metrics.body)?.[1])).toBeGreaterThanOrEqual(3);
  });

  it('a settings change on one replica is decided with by the other', async () => {
    const before = (await send(second, CALLS, { callId: `cluster:${randomUUID()}`, call: CALL })).json().settingsVersion;
    // No worker here: the replica that changed it waits 5 s for a snapshot, then compiles it and announces it.
    await putSettings(first, admin, '"2"', { ...SETTINGS, queueDefault: { mode: 'never', announcement: 'never' } });
    const after = (await send(first, CALLS, { callId: `cluster:${randomUUID()}`, call: CALL })).json().settingsVersion;
    expect(after).not.toBe(before);
    await expect
      .poll(async () => (await send(second, CALLS, { callId: `cluster:${randomUUID()}`, call: CALL })).json().settingsVersion, {
        timeout: 10_000,
        interval: 100,
      })
      .toBe(after);
  }, 30_000);

  it('a revoked API key and an ended session are refused by the other replica too', async () => {
    const key = await createApiKey(first, admin, 'short-lived');
    const callId = `cluster:${randomUUID()}`;
    expect((await send(second, CALLS, { callId, call: { kind: 'virtual-agent' } }, key)).statusCode).toBe(201);
    const id = (await first.inject({ method: 'GET', url: '/api/v1/api-keys', headers: { authorization: admin } }))
      .json()
      .find((k: { name: string }) => k.name === 'short-lived').id;
    expect((await first.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: { authorization: admin } })).statusCode).toBe(
      204,
    );
    const get = () => second.inject({ method: 'GET', url: `${CALLS}/${encodeURIComponent(callId)}`, headers: { authorization: key } });
    await expect.poll(async () => (await get()).statusCode, { timeout: 2_000 }).toBe(401);

    const ending = await login(second, 'admin@demo.test');
    expect((await first.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: ending } })).statusCode).toBe(200);
    expect((await second.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: ending } })).statusCode).toBe(204);
    expect((await first.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: ending } })).statusCode).toBe(401);
  });

  it('counts login attempts across the replicas: the eleventh from one address is refused (429)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await (i % 2 ? first : second).inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '203.0.113.77',
        payload: { email: 'nobody@demo.test', password: 'guess' },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
  });
});

async function putSettings(app: NestFastifyApplication, authorization: string, ifMatch: string, settings: object): Promise<void> {
  const put = await app.inject({
    method: 'PUT',
    url: '/api/v1/recording-settings',
    headers: { authorization, 'if-match': ifMatch },
    payload: settings,
  });
  if (put.statusCode !== 200) throw new Error(`PUT /recording-settings: ${put.statusCode} ${put.body}`);
}
