import { createTestDatabase, type TestDatabase } from '@ccp/db/testing';
import { RedisClient } from '@ccp/runtime';
import { OwnRedisServer } from '@ccp/runtime/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login } from '../../test/accounts.js';
import { createApiKey } from '../../test/api-keys.js';
import { startApp, testQueuePrefix } from '../../test/app.js';
import { type Answer, DEMO_ENV } from '../../test/testbed.js';
import { RevokedTokens, revokedTokensKey } from './revoked-tokens.js';
import { TOKEN_LIFETIME_SECONDS } from './token-lifetime.js';

const API = '/api/v1';
const PROBLEM = 'https://ccp.example/problems/';
const ENDED = 'This session was ended (logged out): log in again';

const get = (app: NestFastifyApplication, url: string, authorization: string) =>
  app.inject({ method: 'GET', url: `${API}${url}`, headers: { authorization } });
const logout = (app: NestFastifyApplication, authorization?: string) =>
  app.inject({ method: 'POST', url: `${API}/auth/logout`, headers: authorization === undefined ? {} : { authorization } });

function expectProblem(res: Answer, status: number, type: string, label: string): void {
  expect(res.statusCode, `${label}: ${res.body}`).toBe(status);
  expect(res.headers['content-type'], label).toBe('application/problem+json; charset=utf-8');
  expect(res.json().type, label).toBe(`${PROBLEM}${type}`);
}

/** Two api replicas, as deployed: one PostgreSQL, one Redis, one token secret, one QUEUE_PREFIX. */
async function startReplicas(redisUrl?: string) {
  const database = await createTestDatabase('postgresql');
  const env = {
    DATABASE_URL: database.url,
    QUEUE_PREFIX: testQueuePrefix(),
    ...DEMO_ENV,
    ...(redisUrl === undefined ? {} : { REDIS_URL: redisUrl }),
  };
  const first = await startApp(env);
  const second = await startApp(env);
  return { database, first, second, queuePrefix: env.QUEUE_PREFIX };
}

describe('POST /auth/logout across two api replicas', () => {
  let database: TestDatabase;
  let first: NestFastifyApplication;
  let second: NestFastifyApplication;
  let queuePrefix: string;

  beforeAll(async () => {
    ({ database, first, second, queuePrefix } = await startReplicas());
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await database?.drop();
  });

  it('ends the token at once on both replicas (401 problem), while another session of the same person goes on', async () => {
    const ending = await login(first, 'admin@demo.test');
    const other = await login(second, 'admin@demo.test');
    // Two logins of one person (within the same second, often) are two sessions: two tokens.
    expect(other).not.toBe(ending);
    for (const app of [first, second]) expect((await get(app, '/me', ending)).statusCode).toBe(200);

    const res = await logout(first, ending);
    expect(res.statusCode, res.body).toBe(204);
    expect(res.body).toBe('');

    for (const [name, app] of [
      ['the replica that logged out', first],
      ['the other replica', second],
    ] as const) {
      for (const url of ['/me', '/recording-settings']) {
        const refused = await get(app, url, ending);
        expectProblem(refused, 401, 'unauthenticated', `${name}: GET ${url}`);
        expect(refused.json().detail).toBe(ENDED);
      }
      expect((await get(app, '/me', other)).statusCode, `${name}: the other session`).toBe(200);
      expect((await get(app, '/recording-settings', other)).statusCode, `${name}: the other session`).toBe(200);
    }

    // The person logs in again, on either replica, and works on.
    const again = await login(second, 'admin@demo.test');
    for (const app of [first, second]) expect((await get(app, '/me', again)).statusCode).toBe(200);

    // An ended token cannot end anything again.
    expectProblem(await logout(second, ending), 401, 'unauthenticated', 'logging out twice');
  });

  it('is kept in Redis as long as the token would have lived, and no longer', async () => {
    const ending = await login(second, 'admin@demo.test');
    expect((await logout(second, ending)).statusCode).toBe(204);
    const redis = first.get<RedisClient>(RedisClient);
    const key = revokedTokensKey(queuePrefix);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan((TOKEN_LIFETIME_SECONDS - 60) * 1000);
    expect(ttl).toBeLessThanOrEqual(TOKEN_LIFETIME_SECONDS * 1000);
    const claims = JSON.parse(Buffer.from(ending.split('.')[1] ?? '', 'base64url').toString()) as { jti: string; exp: number };
    expect(await redis.zscore(key, claims.jti)).toBe(String(claims.exp * 1000));
  });

  it('without a token is 401; an API key may not call it (403), and stays valid', async () => {
    expectProblem(await logout(first), 401, 'unauthenticated', 'no token');
    const apiKey = await createApiKey(first, await login(first, 'admin@demo.test'));
    expectProblem(await logout(second, apiKey), 403, 'api-key-not-allowed', 'an API key');
    const call = await second.inject({
      method: 'POST',
      url: `${API}/calls`,
      headers: { authorization: apiKey },
      payload: { callId: 'logout:api-key-still-works', call: { kind: 'virtual-agent' } },
    });
    expect(call.statusCode, call.body).toBe(201);
  });

  it('the OpenAPI document names the route, its 204 and its problems', async () => {
    const document = (await first.inject({ method: 'GET', url: '/api/docs/openapi.json' })).json();
    const operation = document.paths['/api/v1/auth/logout']?.post;
    expect(operation?.security ?? document.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['204', '401', '503']));
  });
});

describe('POST /auth/logout while Redis does not answer', () => {
  let redis: OwnRedisServer;
  let database: TestDatabase;
  let first: NestFastifyApplication;
  let second: NestFastifyApplication;

  beforeAll(async () => {
    redis = await OwnRedisServer.start();
    ({ database, first, second } = await startReplicas(redis.url));
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await redis?.stop();
    await database?.drop();
  });

  it('an ended token stays refused on both replicas; other sessions go on; a logout is 503 and ends nothing', async () => {
    const ended = await login(first, 'admin@demo.test');
    const other = await login(second, 'admin@demo.test');
    expect((await logout(first, ended)).statusCode).toBe(204);
    // Both replicas refuse it while Redis answers; by then the other replica has heard of it, too.
    for (const app of [first, second]) {
      expect((await get(app, '/me', ended)).statusCode).toBe(401);
      expect(app.get(RevokedTokens).canAnswerWithoutRedis).toBe(true);
    }

    await redis.stop();
    for (const [name, app] of [
      ['the replica that logged out', first],
      ['the other replica', second],
    ] as const) {
      const started = Date.now();
      const refused = await get(app, '/me', ended);
      expect(Date.now() - started, name).toBeLessThan(3_000);
      expectProblem(refused, 401, 'unauthenticated', `${name}: the ended token`);
      expect((await get(app, '/me', other)).statusCode, `${name}: the other session`).toBe(200);
    }

    const failed = await logout(second, other);
    expectProblem(failed, 503, 'service-unavailable', 'logging out without Redis');
    // Nothing was ended: the console forgets its token anyway, but the API says so.
    expect((await get(first, '/me', other)).statusCode).toBe(200);
  }, 30_000);
});

describe('a replica that cannot know which sessions were ended', () => {
  let redis: OwnRedisServer;
  let app: NestFastifyApplication;

  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('answers person requests 503 (fails closed) until Redis answers; then it holds the list, and answers from it in the next outage', async () => {
    redis = await OwnRedisServer.start();
    await redis.stop();
    app = await startApp({ REDIS_URL: redis.url, DEMO_SEED: 'true', DEMO_ADMIN_PASSWORD: DEMO_PASSWORD });
    const admin = await login(app, 'admin@demo.test');
    const refused = await get(app, '/me', admin);
    expectProblem(refused, 503, 'service-unavailable', 'started while Redis was away');
    expect(refused.json().detail).toBe('The session store (Redis) does not answer, so this token cannot be checked; try again shortly');

    await redis.restart();
    await expect.poll(async () => (await get(app, '/me', admin)).statusCode, { timeout: 10_000 }).toBe(200);
    // Its subscription reconnects on its own schedule, and loads the list then.
    await expect.poll(() => app.get(RevokedTokens).canAnswerWithoutRedis, { timeout: 10_000 }).toBe(true);
    const ended = await login(app, 'admin@demo.test');
    expect((await logout(app, ended)).statusCode).toBe(204);
    await redis.stop();
    expect((await get(app, '/me', admin)).statusCode).toBe(200);
    expect((await get(app, '/me', ended)).statusCode).toBe(401);
  }, 30_000);
});
