/**
 * One API process for the whole run (apps/api's built `dist/main.js`, as `pnpm start` runs it): a free
 * port, a fresh SQLite file in a temporary folder, the shared Redis, no demo tenant. The steps reach
 * the same database only to create what the API has no endpoint for: accounts and their people.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Orm, openDatabase } from '@ccp/db';
import { AfterAll, BeforeAll } from '@cucumber/cucumber';
import { hash } from '@node-rs/argon2';

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
}

const START_TIMEOUT_MS = 60_000;

let running: (RunningApi & { child: ChildProcess; folder: string }) | undefined;

export function api(): RunningApi {
  if (!running) throw new Error('the API is not running (BeforeAll of steps/api/api-server.ts)');
  return running;
}

/** The built API of the workspace dependency `@ccp/api` (turbo builds it before `test`; `pnpm specs` too). */
function apiMain(): string {
  const packageJson = createRequire(import.meta.url).resolve('@ccp/api/package.json');
  const main = join(dirname(packageJson), 'dist', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build the API first (pnpm turbo run build --filter=@ccp/features^...)`);
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

/**
 * Ready for these scenarios: `/health/ready` answers 200, or 503 for the worker check alone (as
 * apps/api/bench/harness.ts: no worker is started here, nothing of these scenarios needs one; the
 * database and Redis must be up).
 */
async function isReady(answer: Response): Promise<boolean> {
  if (answer.ok) return true;
  if (answer.status !== 503) return false;
  const problem = (await answer.json().catch(() => ({}))) as { checks?: Record<string, { status: string }> };
  const down = Object.entries(problem.checks ?? {}).filter(([, check]) => check.status !== 'up');
  return down.length === 1 && down[0]?.[0] === 'worker';
}

async function waitUntilReady(url: URL, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode} while starting:\n${output()}`);
    try {
      if (await isReady(await fetch(new URL('/health/ready', url)))) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`the API was not ready within ${START_TIMEOUT_MS / 1000} s:\n${output()}`);
}

BeforeAll({ timeout: START_TIMEOUT_MS + 30_000 }, async () => {
  const main = apiMain();
  const folder = await mkdtemp(join(tmpdir(), 'ccp-features-api-'));
  const databaseUrl = `sqlite:${join(folder, 'ccp.sqlite')}`;
  const port = await freePort();
  const password = randomBytes(12).toString('base64url');
  // The steps' own NODE_OPTIONS (tsx) are not the API's.
  const { NODE_OPTIONS: _, ...environment } = process.env;
  let output = '';
  const child = spawn(process.execPath, ['--experimental-async-context-frame', main], {
    env: {
      ...environment,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
      DEMO_SEED: 'false',
      AUTH_TOKEN_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: process.env.API_LOG_LEVEL || 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  process.once('exit', () => child.kill('SIGKILL'));
  const url = new URL(`http://127.0.0.1:${port}/`);
  try {
    await waitUntilReady(url, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  // After the API is up: it has brought the schema up to date, so this connection finds nothing to migrate.
  const orm = await openDatabase(databaseUrl);
  running = { url, orm, password, passwordHash: await hash(password), child, folder, output: () => output };
});

AfterAll({ timeout: 30_000 }, async () => {
  if (!running) return;
  const { child, orm, folder } = running;
  running = undefined;
  await orm.close();
  if (child.exitCode === null) {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
    if (!stopped) child.kill('SIGKILL');
  }
  await rm(folder, { recursive: true, force: true });
});
