// `pnpm start`: the API, then one worker beside it (architecture.md), sharing this terminal and the
// environment (DATABASE_URL, REDIS_URL, …). The worker starts once the API answers, so the two never
// migrate an empty database at once. A worker that dies (a hostile file, a crash, a kill) is started
// again with backoff while the API goes on deciding calls; the API stopping stops everything.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = ['--experimental-async-context-frame'];
const live = `http://127.0.0.1:${process.env.PORT ?? 3000}/health/live`;
// Batch work below the call decisions of the API beside it (apps/worker/README.md).
const workerEnv = { WORKER_NICENESS: '10', WORKER_DATABASE_SHARE: '50', ...process.env };
/** Waits before each restart of a worker that keeps dying; back to the first once one has lived a minute. */
const RESTART_BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 30_000];
const HEALTHY_AFTER_MS = 60_000;

const children = new Set();
let stopping = false;

function launch(main, env, onExit) {
  const child = spawn(process.execPath, [...node, main], { cwd: root, stdio: 'inherit', env });
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) onExit(signal ?? `exit code ${code}`, code);
  });
  return child;
}

function stop(code) {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));

let restarts = 0;
function startWorker() {
  const started = Date.now();
  launch('apps/worker/dist/main.js', workerEnv, async (why) => {
    if (Date.now() - started >= HEALTHY_AFTER_MS) restarts = 0;
    const wait = RESTART_BACKOFF_MS[Math.min(restarts++, RESTART_BACKOFF_MS.length - 1)];
    console.error(`worker stopped (${why}); the API goes on; starting a worker again in ${wait / 1000} s`);
    await sleep(wait);
    if (!stopping) startWorker();
  });
}

const api = launch('apps/api/dist/main.js', process.env, (why, code) => {
  console.error(`api stopped (${why}); stopping the rest`);
  stop(code ?? 1);
});
for (;;) {
  if (stopping || api.exitCode !== null) break;
  const up = await fetch(live).then(
    (res) => res.ok,
    () => false,
  );
  if (up) {
    startWorker();
    break;
  }
  await sleep(200);
}
