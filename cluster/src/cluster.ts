/**
 * Several api and worker processes (the built `dist/main.js` of each) on one machine, sharing one
 * database, one Redis and one queue prefix: what the architecture's "two api replicas and two workers"
 * looks like without a second machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '@ccp/runtime/testing';

export { freePort };

/** The repository's root (where pnpm-workspace.yaml is), from wherever this file runs (src or dist). */
function repositoryRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'pnpm-workspace.yaml'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('cannot find the repository root (pnpm-workspace.yaml)');
    folder = parent;
  }
  return folder;
}

export const ROOT = repositoryRoot();
export const API_MAIN = join(ROOT, 'apps/api/dist/main.js');
export const WORKER_MAIN = join(ROOT, 'apps/worker/dist/main.js');
const NODE_FLAGS = ['--experimental-async-context-frame'];
/** How long a member may take to stop on SIGTERM before it is killed. */
const STOP_WITHIN_MS = 20_000;

export interface ClusterOptions {
  readonly databaseUrl: string;
  readonly redisUrl?: string;
  /** REDIS_CLUSTER_NODES (`OwnRedisCluster.variable`): the processes use a Redis Cluster instead of REDIS_URL. */
  readonly redisClusterNodes?: string;
  readonly queuePrefix?: string;
  readonly apis?: number;
  readonly workers?: number;
  /** The api ports (free ones when absent). */
  readonly ports?: readonly number[];
  /** Given to every process (AUTH_TOKEN_SECRET, DEMO_ADMIN_PASSWORD, LOG_LEVEL, …). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface Member {
  readonly name: string;
  /** The running process (a new one after `start()`). */
  readonly process: ChildProcess;
  /** What it printed so far (for failures). */
  output(): string;
  stop(): Promise<void>;
  /** Kills it at once (SIGKILL), as a crash would, and waits for it to be gone. */
  kill(): Promise<void>;
  /** Starts it again (after `stop()` or `kill()`), with the same environment. */
  start(): void;
}

export interface ApiMember extends Member {
  readonly url: string;
}

/** A worker, with the base URL of its own `/health/*` and `/metrics` (a free WORKER_PORT each). */
export interface WorkerMember extends Member {
  readonly url: string;
}

export interface Cluster {
  readonly apis: readonly ApiMember[];
  readonly workers: readonly WorkerMember[];
  stop(): Promise<void>;
}

function launch(name: string, main: string, env: Record<string, string>): Member {
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  const spawnChild = () => {
    const child = spawn(process.execPath, [...NODE_FLAGS, main], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    return child;
  };
  let child = spawnChild();
  const signal = async (how: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(how);
    // A process that does not stop on SIGTERM is killed, and says so in its output (a test then shows it).
    const timer = setTimeout(() => {
      keep(Buffer.from(`\n[cluster] ${name} did not exit within ${STOP_WITHIN_MS} ms of ${how}: killed\n`));
      child.kill('SIGKILL');
    }, STOP_WITHIN_MS);
    await exited;
    clearTimeout(timer);
  };
  return {
    name,
    get process() {
      return child;
    },
    output: () => output,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    start() {
      if (child.exitCode === null && child.signalCode === null) throw new Error(`${name} is running`);
      child = spawnChild();
    },
  };
}

interface Readiness {
  readonly status: number;
  readonly checks: Record<string, { status: string; instances?: number }>;
}

async function readiness(url: string): Promise<Readiness | null> {
  try {
    const res = await fetch(`${url}/health/ready`);
    // 200: terminus's result (`details`); 503: a problem naming its `checks`.
    const body = (await res.json()) as { checks?: Readiness['checks']; details?: Readiness['checks'] };
    return { status: res.status, checks: body.checks ?? body.details ?? {} };
  } catch {
    return null;
  }
}

/** Waits until `ready` says so, or the member dies, or 60 s pass. */
async function until(member: Member, what: string, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (member.process.exitCode !== null) throw new Error(`${member.name} exited with ${member.process.exitCode}:\n${member.output()}`);
    if (await ready()) return;
    await sleep(100);
  }
  throw new Error(`${member.name}: timed out waiting for ${what}:\n${member.output()}`);
}

/** Resolves once the api (started again) answers that it is up, the worker check aside; fails after 60 s. */
export function apiUp(api: ApiMember): Promise<void> {
  return until(api, 'the database and Redis', async () => {
    const ready = await readiness(api.url);
    return !!ready && Object.entries(ready.checks).every(([name, check]) => name === 'worker' || check.status === 'up');
  });
}

/**
 * Starts the cluster: the first api (it migrates the database and seeds the demo tenant when
 * DEMO_SEED is on), then the workers, then the other apis (no seeding), and resolves once every api
 * is ready and sees every worker's heartbeat. Starting one at a time keeps two processes from
 * migrating an empty database at once.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const apiCount = options.apis ?? 2;
  const workerCount = options.workers ?? 2;
  const shared = {
    DATABASE_URL: options.databaseUrl,
    ...(options.redisClusterNodes
      ? { REDIS_URL: '', REDIS_CLUSTER_NODES: options.redisClusterNodes }
      : { REDIS_URL: options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }),
    ...(options.queuePrefix ? { QUEUE_PREFIX: options.queuePrefix } : {}),
    ...options.env,
  };
  const apis: ApiMember[] = [];
  const workers: WorkerMember[] = [];
  const stop = async () => {
    await Promise.all([...apis, ...workers].map((member) => member.stop()));
  };
  try {
    for (let i = 0; i < apiCount; i++) {
      const port = options.ports?.[i] ?? (await freePort());
      const env = { ...shared, PORT: String(port), HOST: '127.0.0.1', ...(i > 0 ? { DEMO_SEED: 'false' } : {}) };
      const api = Object.assign(launch(`api-${i + 1}`, API_MAIN, env), { url: `http://127.0.0.1:${port}` });
      apis.push(api);
      // Up, the worker check aside (no worker may be running yet).
      await apiUp(api);
      if (i === 0) {
        for (let w = 0; w < workerCount; w++) {
          // Each its own port: two workers on one machine cannot share one.
          const workerPort = await freePort();
          const env = { ...shared, WORKER_PORT: String(workerPort), WORKER_HOST: '127.0.0.1' };
          // Object.assign, not a spread: a spread would freeze the `process` getter at the first child.
          workers.push(Object.assign(launch(`worker-${w + 1}`, WORKER_MAIN, env), { url: `http://127.0.0.1:${workerPort}` }));
        }
      }
    }
    for (const api of apis) {
      await until(api, `${workerCount} worker heartbeats`, async () => {
        const ready = await readiness(api.url);
        return ready?.status === 200 && (ready.checks.worker?.instances ?? 0) >= workerCount;
      });
    }
  } catch (error) {
    await stop();
    const workersSaid = workers.map((worker) => `--- ${worker.name}:\n${worker.output()}`).join('\n');
    throw new Error(`${(error as Error).message}\n${workersSaid}`);
  }
  return { apis, workers, stop };
}
