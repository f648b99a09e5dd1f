import { OwnRedisServer } from '@ccp/runtime/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startApp, testQueuePrefix } from '../../test/app.js';

/** A wrong password from `address` (through a proxy at `address` when `forwardedFor` is given): the status it gets. */
async function guess(app: NestFastifyApplication, address: string, forwardedFor?: string): Promise<number> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: address,
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    payload: { email: 'nobody@demo.test', password: 'guess' },
  });
  return res.statusCode;
}

describe('the login rate limit (10 attempts a minute per address)', () => {
  const apps: NestFastifyApplication[] = [];
  let redis: OwnRedisServer | undefined;

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await redis?.stop();
    redis = undefined;
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('answers 429 from the eleventh attempt, for that address only', async () => {
    const app = await startApp();
    apps.push(app);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push(await guess(app, '203.0.113.7'));
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    expect(await guess(app, '203.0.113.8')).toBe(401);
  });

  it('holds across api replicas: attempts spread over two of them are counted together', async () => {
    const prefix = testQueuePrefix();
    const [first, second] = [await startApp({ QUEUE_PREFIX: prefix }), await startApp({ QUEUE_PREFIX: prefix })];
    apps.push(first, second);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push(await guess(i % 2 === 0 ? first : second, '203.0.113.9'));
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    // A deployment of its own on the same Redis counts its own attempts.
    const other = await startApp();
    apps.push(other);
    expect(await guess(other, '203.0.113.9')).toBe(401);
  });

  it('is one budget with the job dashboard: failed dashboard logins on one replica count against POST /auth/login on another', async () => {
    const prefix = testQueuePrefix();
    const [first, second] = [await startApp({ QUEUE_PREFIX: prefix }), await startApp({ QUEUE_PREFIX: prefix })];
    apps.push(first, second);
    const dashboard = (app: NestFastifyApplication) =>
      app.inject({
        method: 'GET',
        url: '/ops/queues',
        remoteAddress: '203.0.113.12',
        headers: { authorization: `Basic ${Buffer.from('nobody@demo.test:guess').toString('base64')}` },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await dashboard(first)).statusCode);
    for (let i = 0; i < 4; i++) statuses.push(await guess(second, '203.0.113.12'));
    statuses.push(await guess(first, '203.0.113.12'), (await dashboard(second)).statusCode);
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
  });

  it('behind a trusted proxy (TRUST_PROXY) counts each client it forwards; a client cannot dodge the limit by sending the header itself', async () => {
    const behindProxy = await startApp({ TRUST_PROXY: '127.0.0.1' });
    const exposed = await startApp();
    apps.push(behindProxy, exposed);
    const proxied: number[] = [];
    for (let i = 0; i < 11; i++) proxied.push(await guess(behindProxy, '127.0.0.1', '198.51.100.1'));
    expect(proxied).toEqual([...Array(10).fill(401), 429]);
    // Another client through the same proxy still gets in.
    expect(await guess(behindProxy, '127.0.0.1', '198.51.100.2')).toBe(401);

    const forged: number[] = [];
    for (let i = 0; i < 11; i++) forged.push(await guess(exposed, '203.0.113.11', `198.51.100.${i + 10}`));
    expect(forged).toEqual([...Array(10).fill(401), 429]);
  });

  it('still works, and still limits on each replica, while Redis does not answer', async () => {
    redis = await OwnRedisServer.start();
    const app = await startApp({ REDIS_URL: redis.url });
    apps.push(app);
    await redis.stop();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push(await guess(app, '203.0.113.10'));
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
  });
});
