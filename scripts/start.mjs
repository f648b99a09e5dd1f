// `pnpm start`: the API, then one worker beside it (architecture.md), sharing this terminal and the
// environment (DATABASE_URL, REDIS_URL, …). The worker starts once the API answers, so the two never
// migrate an empty database at once. Stopping one stops the other.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = ['--experimental-async-context-frame'];
const live = `http://127.0.0.1:${process.env.PORT ?? 3000}/health/live`;

const children = [];
let stopping = false;

function launch(name, main, env = process.env) {
  const child = spawn(process.execPath, [...node, main], { cwd: root, stdio: 'inherit', env });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${name} stopped (${signal ?? `exit code ${code}`}); stopping the rest`);
    stop(code ?? 1);
  });
  children.push(child);
  return child;
}

function stop(code) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));

const api = launch('api', 'apps/api/dist/main.js');
for (;;) {
  if (stopping || api.exitCode !== null) break;
  const up = await fetch(live).then(
    (res) => res.ok,
    () => false,
  );
  if (up) {
    // Batch work below the call decisions of the API beside it (apps/worker/README.md).
    launch('worker', 'apps/worker/dist/main.js', { WORKER_NICENESS: '10', WORKER_DATABASE_SHARE: '50', ...process.env });
    break;
  }
  await sleep(200);
}
