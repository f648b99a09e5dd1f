import { randomUUID } from 'node:crypto';
import { callSessionKey } from '@ccp/jobs';
import { RedisClient } from '@ccp/runtime';
import { OwnRedisCluster } from '@ccp/runtime/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from './accounts.js';
import { createApiKey, revokeApiKey } from './api-keys.js';
import { testQueuePrefix } from './app.js';
import { SCENARIO_EVENTS, SCENARIO_GLOBAL_SETTINGS } from './settings.js';
import { apiTestbed } from './testbed.js';
import { beatAsWorker } from './worker-beats.js';

/**
 * Two api replicas on a Redis Cluster of the test's own (3 masters): everything the replicas share
 * through Redis works as on one Redis. REDIS_URL is blanked: the test environment may set it, and
 * both set is refused.
 */
const CALLS = '/api/v1/calls';
const CALL = { kind: 'queue', customer: '+14085550111', queue: 'billing', linkedAccount: true };
/** The example's events but its forward: the call stays on the cluster's replicas. */
const EVENTS = SCENARIO_EVENTS.filter((event) => event.type !== 'forwarded');

describe('two api replicas on a Redis Cluster (REDIS_CLUSTER_NODES)', () => {
  let cluster: OwnRedisCluster;
  const prefix = testQueuePrefix();

  beforeAll(async () => {
    cluster = await OwnRedisCluster.start();
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  const bed = apiTestbed('sqlite', {
    demo: true,
    apiKey: true,
    settings: SCENARIO_GLOBAL_SETTINGS,
    replica: true,
    env: () => ({ QUEUE_PREFIX: prefix, REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.variable }),
  });

  const send = (app: NestFastifyApplication, url: string, payload: unknown, authorization = bed.apiKey) =>
    app.inject({ method: 'POST', url, headers: { authorization }, payload: payload as object });

  it('connects with a Redis Cluster client, and is ready with a worker beating on the cluster', async () => {
    const redis = bed.app.get<RedisClient>(RedisClient);
    expect(redis).toBeInstanceOf(Cluster);
    await beatAsWorker(redis, prefix, 'worker-on-the-cluster');
    const ready = await bed.replica.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode, ready.body).toBe(200);
    expect(ready.json().details).toMatchObject({ redis: { status: 'up' }, worker: { status: 'up', instances: 1 } });
  });

  it('decides a call whose events alternate between the replicas as POST /simulate replays it', async () => {
    const simulated = await send(bed.app, '/api/v1/simulate', { call: CALL, events: EVENTS });
    expect(simulated.statusCode, simulated.body).toBe(200);
    const callId = `cluster:${randomUUID()}`;
    expect((await send(bed.replica, CALLS, { callId, call: CALL })).statusCode).toBe(201);
    const steps: unknown[] = [];
    for (const [i, event] of EVENTS.entries()) {
      const res = await send(i % 2 ? bed.app : bed.replica, `${CALLS}/${encodeURIComponent(callId)}/events`, { event });
      expect(res.statusCode, res.body).toBe(200);
      const { settingsVersion: _, ...step } = res.json();
      steps.push(step);
    }
    expect(steps).toEqual(simulated.json().steps);
  });

  it('keeps call sessions on the cluster and counts the live ones in /metrics', async () => {
    const redis = bed.app.get<RedisClient>(RedisClient);
    const callIds = Array.from({ length: 3 }, () => `cluster:${randomUUID()}`);
    for (const callId of callIds) expect((await send(bed.app, CALLS, { callId, call: CALL })).statusCode).toBe(201);
    const { accountId } = bed;
    for (const callId of callIds) expect(await redis.exists(callSessionKey(accountId, callId))).toBe(1);
    const metrics = await bed.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(Number(/^ccp_call_sessions_active (\S+)$/m.exec(metrics.body)?.[1])).toBeGreaterThanOrEqual(3);
  });

  it('a settings change on one replica is decided with by the other', async () => {
    const before = (await send(bed.replica, CALLS, { callId: `cluster:${randomUUID()}`, call: CALL })).json().settingsVersion;
    // No worker here: the replica that changed it waits 5 s for a snapshot, then compiles it and announces it.
    const payload = { ...SCENARIO_GLOBAL_SETTINGS, queueDefault: { mode: 'never', announcement: 'never' } };
    expect((await bed.request('PUT', '/api/v1/recording-settings', { payload, ifMatch: '"2"' })).statusCode).toBe(200);
    const after = (await send(bed.app, CALLS, { callId: `cluster:${randomUUID()}`, call: CALL })).json().settingsVersion;
    expect(after).not.toBe(before);
    await expect
      .poll(async () => (await send(bed.replica, CALLS, { callId: `cluster:${randomUUID()}`, call: CALL })).json().settingsVersion, {
        timeout: 10_000,
        interval: 100,
      })
      .toBe(after);
  }, 30_000);

  it('a revoked API key and an ended session are refused by the other replica too', async () => {
    const key = await createApiKey(bed.app, bed.admin, 'short-lived');
    const callId = `cluster:${randomUUID()}`;
    expect((await send(bed.replica, CALLS, { callId, call: { kind: 'virtual-agent' } }, key)).statusCode).toBe(201);
    expect((await revokeApiKey(bed.app, bed.admin, 'short-lived')).statusCode).toBe(204);
    const get = () => bed.replica.inject({ method: 'GET', url: `${CALLS}/${encodeURIComponent(callId)}`, headers: { authorization: key } });
    await expect.poll(async () => (await get()).statusCode, { timeout: 2_000 }).toBe(401);

    const ending = await login(bed.replica, 'admin@demo.test');
    expect((await bed.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: ending } })).statusCode).toBe(200);
    expect((await bed.replica.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: ending } })).statusCode).toBe(
      204,
    );
    expect((await bed.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: ending } })).statusCode).toBe(401);
  });

  it('counts login attempts across the replicas: the eleventh from one address is refused (429)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await (i % 2 ? bed.app : bed.replica).inject({
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
