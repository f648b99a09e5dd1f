/**
 * One API process and one worker for the whole run (the built `dist/main.js` of apps/api and
 * apps/worker, as `pnpm start` runs them): the API on a free port; both on a fresh database (a SQLite
 * file, the default of `pnpm start`, or with `SPECS_DATABASE=postgresql` a new PostgreSQL database,
 * as the integration tests make them) and on the shared Redis under a queue prefix of the run's own,
 * so the real queues never see these jobs (its keys are deleted at the end); no demo tenant. The
 * steps reach the same database only to create what the API has no endpoint for: accounts and their
 * people.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Orm, openDatabase } from '@ccp/db';
import { createTestDatabase, TEST_DRIVERS, type TestDatabase, type TestDriver } from '@ccp/db/testing';
import { AfterAll, BeforeAll } from '@cucumber/cucumber';
import { hash } from '@node-rs/argon2';
import { Redis } from 'ioredis';

export interface RunningApi {
  /** `http://127.0.0.1:<port>/` */
  readonly url: URL;
  /** The API's database, for accounts and people. */
  readonly orm: Orm;
  /** Everyone's password in this run, and its argon2 hash (as apps/api/src/auth/password-hasher.ts stores it). */
  readonly password: string;
  readonly passwordHash: string;
  /** The last lines the API printed (its log at LOG_LEVEL, `API_LOG_LEVEL` here, `warn` unless set). */
  output(): string;
  /** The last lines the worker printed (`WORKER_LOG_LEVEL`, `warn` unless set). */
  workerOutput(): string;
}

/** A started `dist/main.js` and what it printed last. */
interface Child {
  readonly process: ChildProcess;
  output(): string;
}

const START_TIMEOUT_MS = 60_000;

let running:
  | (RunningApi & { api: Child; worker: Child | undefined; database: TestDatabase; redisUrl: string; queuePrefix: string })
  | undefined;

export function api(): RunningApi {
  if (!running) throw new Error('the API is not running (BeforeAll of steps/api/api-server.ts)');
  return running;
}

/** The built `dist/main.js` of a workspace dependency (turbo builds it before `test`; `pnpm specs` too). */
function builtMain(packageName: '@ccp/api' | '@ccp/worker'): string {
  const packageJson = createRequire(import.meta.url).resolve(`${packageName}/package.json`);
  const main = join(dirname(packageJson), 'dist', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build it first (pnpm turbo run build --filter=@ccp/features^...)`);
  return main;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

function start(args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  process.once('exit', () => child.kill('SIGKILL'));
  return { process: child, output: () => output };
}

async function stop(child: Child | undefined): Promise<void> {
  if (!child || child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = once(child.process, 'exit');
  child.process.kill('SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
  if (!stopped) child.process.kill('SIGKILL');
}

/** The checks of `/health/ready` that are not up, degraded ones included (a replica is ready without a worker). */
async function checksDown(url: URL): Promise<string[]> {
  const answer = await fetch(new URL('/health/ready', url));
  // 200: terminus's result (`details`); 503: a problem naming its `checks`.
  const body = (await answer.json().catch(() => ({}))) as Record<'checks' | 'details', Record<string, { status: string }> | undefined>;
  return Object.entries(body.checks ?? body.details ?? { [`status ${answer.status}`]: { status: 'down' } })
    .filter(([, check]) => check.status !== 'up')
    .map(([name]) => name);
}

/** Waits until `/health/ready` finds down only what `mayBeDown` allows, while `child` (the one just started) runs. */
async function waitUntilReady(url: URL, name: string, child: Child, mayBeDown: readonly string[] = []): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let down: string[] = ['(no answer)'];
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null)
      throw new Error(`the ${name} exited with ${child.process.exitCode} while starting:\n${child.output()}`);
    try {
      down = await checksDown(url);
      if (down.every((check) => mayBeDown.includes(check))) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`the ${name} was not ready within ${START_TIMEOUT_MS / 1000} s (down: ${down.join(', ')}):\n${child.output()}`);
}

/** Every key of the run's queue prefix: its jobs, and the worker's heartbeat. */
async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function databaseDriver(): TestDriver {
  const driver = (process.env.SPECS_DATABASE || 'sqlite') as TestDriver;
  if (!TEST_DRIVERS.includes(driver)) throw new Error(`SPECS_DATABASE must be one of ${TEST_DRIVERS.join(', ')} (got ${driver})`);
  return driver;
}

BeforeAll({ timeout: 2 * START_TIMEOUT_MS + 30_000 }, async () => {
  const [apiMain, workerMain] = [builtMain('@ccp/api'), builtMain('@ccp/worker')];
  const database = await createTestDatabase(databaseDriver());
  const port = await freePort();
  const password = randomBytes(12).toString('base64url');
  // The steps' own NODE_OPTIONS (tsx) are not the API's.
  const { NODE_OPTIONS: _, ...environment } = process.env;
  const shared = {
    ...environment,
    DATABASE_URL: database.url,
    REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    // A Redis Cluster hash tag, like the real `{ccp-<hash>}`.
    QUEUE_PREFIX: `{ccp-specs-${randomBytes(6).toString('hex')}}`,
  };
  const url = new URL(`http://127.0.0.1:${port}/`);
  const apiChild = start(['--experimental-async-context-frame', apiMain], {
    ...shared,
    PORT: String(port),
    HOST: '127.0.0.1',
    DEMO_SEED: 'false',
    AUTH_TOKEN_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: process.env.API_LOG_LEVEL || 'warn',
  });
  let worker: Child | undefined;
  try {
    // The worker comes once the API answers: both migrate at start, and never an empty database at once.
    await waitUntilReady(url, 'API', apiChild, ['worker']);
    worker = start([workerMain], { ...shared, LOG_LEVEL: process.env.WORKER_LOG_LEVEL || 'warn' });
    // Its heartbeat makes the API ready.
    await waitUntilReady(url, 'worker', worker);
  } catch (error) {
    await Promise.all([stop(apiChild), stop(worker)]);
    await Promise.all([database.drop(), deleteKeys(shared.REDIS_URL, shared.QUEUE_PREFIX)]);
    throw error;
  }
  // After the API is up: it has brought the schema up to date, so this connection finds nothing to migrate.
  const orm = await openDatabase(shared.DATABASE_URL);
  running = {
    url,
    orm,
    password,
    passwordHash: await hash(password),
    api: apiChild,
    worker,
    database,
    redisUrl: shared.REDIS_URL,
    queuePrefix: shared.QUEUE_PREFIX,
    output: () => apiChild.output(),
    workerOutput: () => worker?.output() ?? '',
  };
});

AfterAll({ timeout: 30_000 }, async () => {
  if (!running) return;
  const { api, worker, orm, database, redisUrl, queuePrefix } = running;
  running = undefined;
  await orm.close();
  await Promise.all([stop(worker), stop(api)]);
  await Promise.all([database.drop(), deleteKeys(redisUrl, queuePrefix)]);
});
