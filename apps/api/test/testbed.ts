import { createTestDatabase, type PostgresTestDatabase, type TestDatabase, type TestDriver } from '@ccp/db/testing';
import type { QueueName } from '@ccp/jobs';
import { OwnRedisServer } from '@ccp/runtime/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll } from 'vitest';
import type { CreateAppOptions } from '../src/app.factory.js';
import { AppConfig } from '../src/config/app-config.js';
import type { RawEnv } from '../src/config/env.js';
import { JobQueues } from '../src/jobs/job-queues.js';
import { addAccountWithAdmin, DEMO_PASSWORD, login } from './accounts.js';
import { createApiKey } from './api-keys.js';
import { startApp } from './app.js';

/** Signs the test apps' tokens; long enough for the API's minimum, never a deployment's. */
const TEST_TOKEN_SECRET = 'a-test-secret-that-is-long-enough-0123456789';

/** The demo tenant, seeded at start, whose admin (admin@demo.test) logs in with `DEMO_PASSWORD`. */
export const DEMO_ENV = { DEMO_SEED: 'true', DEMO_ADMIN_PASSWORD: DEMO_PASSWORD, AUTH_TOKEN_SECRET: TEST_TOKEN_SECRET } as const;

export type Answer = Awaited<ReturnType<NestFastifyApplication['inject']>>;

export interface RequestOptions {
  readonly payload?: unknown;
  /** The `Authorization` header value; the demo admin's unless given. */
  readonly as?: string;
  readonly ifMatch?: string;
  readonly headers?: Record<string, string>;
}

export interface TestbedOptions {
  /** Seed the demo tenant and log its admin in. */
  readonly demo?: boolean;
  /** Also create an API key of the demo tenant (the telephony's). */
  readonly apiKey?: boolean;
  /** Global recording settings PUT on the demo tenant (its first change, If-Match "1") before the test runs. */
  readonly settings?: object;
  /** Also start a second replica of the same deployment: the same database, Redis and queue prefix. */
  readonly replica?: boolean;
  /** A redis-server of the test's own (`bed.redis`), for tests that stop it; otherwise the shared Redis. */
  readonly ownRedis?: boolean | Parameters<typeof OwnRedisServer.start>[0];
  /** Job queues the tests fill: emptied before the app closes, so the shared Redis keeps none of their jobs. */
  readonly emptyQueues?: readonly QueueName[];
  /** More environment, or a function giving it once earlier `beforeAll` hooks ran (a Redis of the test's own). */
  readonly env?: RawEnv | (() => RawEnv);
  readonly app?: CreateAppOptions;
}

export interface ApiTestbed<Db extends TestDatabase = TestDatabase> {
  readonly app: NestFastifyApplication;
  /** The test's own redis-server (`{ ownRedis: true }`). */
  readonly redis: OwnRedisServer;
  /** The second replica (`{ replica: true }`). */
  readonly replica: NestFastifyApplication;
  readonly database: Db;
  /** The demo admin's `Authorization` header value. */
  readonly admin: string;
  /** An API key of the demo tenant, as `Authorization` header value. */
  readonly apiKey: string;
  /** The demo tenant's id. */
  readonly accountId: string;
  /** The app's job queue `name`. */
  jobQueue(name: QueueName): Queue;
  request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, options?: RequestOptions): Promise<Answer>;
  get(url: string, as?: string): Promise<Answer>;
  /** Logs `email` in (password `DEMO_PASSWORD`) and returns its `Authorization` header value. */
  login(email: string): Promise<string>;
  /** A second tenant (ACC-3 tests) with an admin, logged in. */
  addAccount(
    slug: string,
    features?: Parameters<typeof addAccountWithAdmin>[2],
  ): Promise<{ accountId: string; email: string; admin: string }>;
}

/**
 * One app on a fresh database of `driver`, started in `beforeAll` and closed (its database dropped) in
 * `afterAll`: call it in a `describe` and read its fields inside the tests. Hooks the test adds after this
 * call run after the app started and before it closes.
 */
export function apiTestbed(driver: 'postgresql', options?: TestbedOptions): ApiTestbed<PostgresTestDatabase>;
export function apiTestbed(driver: TestDriver, options?: TestbedOptions): ApiTestbed;
export function apiTestbed(driver: TestDriver, options: TestbedOptions = {}): ApiTestbed {
  let started:
    | {
        app: NestFastifyApplication;
        replica?: NestFastifyApplication;
        database: TestDatabase;
        redis?: OwnRedisServer;
        admin?: string;
        apiKey?: string;
        accountId?: string;
      }
    | undefined;
  /** What `afterAll` undoes, last made first: also what a `beforeAll` that failed half-way made. */
  const cleanups: (() => Promise<unknown>)[] = [];
  const state = () => {
    if (started === undefined) throw new Error('the test bed starts in beforeAll: read it inside a test or a later hook');
    return started;
  };
  const demoOnly = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`${name} needs apiTestbed(driver, { demo: true })`);
    return value;
  };

  beforeAll(async () => {
    const database = await createTestDatabase(driver);
    cleanups.push(() => database.drop());
    const redis = options.ownRedis ? await OwnRedisServer.start(options.ownRedis === true ? undefined : options.ownRedis) : undefined;
    if (redis) cleanups.push(() => redis.stop());
    const env = {
      DATABASE_URL: database.url,
      ...(redis && { REDIS_URL: redis.url }),
      ...(options.demo ? DEMO_ENV : {}),
      ...(typeof options.env === 'function' ? options.env() : options.env),
    };
    const app = await startApp(env, options.app);
    cleanups.push(() => app.close());
    started = { app, database, redis };
    if (options.demo) {
      const admin = await login(app, 'admin@demo.test');
      started.admin = admin;
      if (options.settings) {
        const put = await bed.request('PUT', '/api/v1/recording-settings', { payload: options.settings, ifMatch: '"1"' });
        if (put.statusCode !== 200) throw new Error(`PUT /recording-settings: ${put.statusCode} ${put.body}`);
      }
      if (options.apiKey) started.apiKey = await createApiKey(app, admin);
      started.accountId = (await bed.get('/api/v1/me', admin)).json().account.id;
    }
    if (options.replica) {
      const replica = await startApp({ ...env, QUEUE_PREFIX: app.get(AppConfig).queuePrefix }, options.app);
      cleanups.push(() => replica.close());
      started.replica = replica;
    }
    for (const name of options.emptyQueues ?? []) cleanups.push(() => app.get(JobQueues).get(name).obliterate({ force: true }));
  }, 60_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  const bed: ApiTestbed = {
    get app() {
      return state().app;
    },
    get redis() {
      const { redis } = state();
      if (redis === undefined) throw new Error('redis needs apiTestbed(driver, { ownRedis: true })');
      return redis;
    },
    get replica() {
      const { replica } = state();
      if (replica === undefined) throw new Error('replica needs apiTestbed(driver, { replica: true })');
      return replica;
    },
    get database() {
      return state().database;
    },
    get admin() {
      return demoOnly(state().admin, 'admin');
    },
    get apiKey() {
      return demoOnly(state().apiKey, 'apiKey (with { demo: true, apiKey: true })');
    },
    get accountId() {
      return demoOnly(state().accountId, 'accountId');
    },
    jobQueue(name) {
      return state().app.get(JobQueues).get(name);
    },
    request(method, url, { payload, as, ifMatch, headers } = {}) {
      const authorization = as ?? state().admin;
      return state().app.inject({
        method,
        url,
        ...(payload === undefined ? {} : { payload: payload as string | object }),
        headers: {
          ...(authorization === undefined ? {} : { authorization }),
          ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }),
          ...headers,
        },
      });
    },
    get(url, as) {
      return bed.request('GET', url, { as });
    },
    login(email) {
      return login(state().app, email);
    },
    async addAccount(slug, features) {
      const { accountId, email } = await addAccountWithAdmin(state().database.url, slug, features);
      return { accountId, email, admin: await login(state().app, email) };
    },
  };
  return bed;
}
